"""Run `forecast series` on Apache Spark: every metric's rows in one partition, each partition
piped through the `forecast` binary, one result CSV equal to the single-machine output.

    spark-submit --master yarn forecast_spark.py --binary /path/to/forecast \\
        --output results.csv [--partitions 64] [--horizon 12] [--model seasonal] [--intervals ols] \\
        hdfs:///stats/readings-*.csv

How it works:
1. The readings (header `metric,period,value`, any column order) are read with Spark's CSV reader
   as strings, from any path Spark can read (local, HDFS, S3, globs, several files).
2. The whole input's first and last month are computed once (an aggregation), so that every
   partition counts months from the same first month and forecasts the same months after the
   same last month (`--from`/`--through`): results do not depend on how rows were partitioned.
3. Rows are hash-partitioned on the metric column (`partitionBy`), so all rows of a metric land in
   one partition, and each partition is piped through `forecast series -` (header first) on its
   executor. The binary is shipped with `SparkContext.addFile` (or found on PATH with
   `--binary forecast`).
4. The partitions' output lines are sorted by metric (byte order) and written as one CSV file by
   the driver, streaming (`toLocalIterator`), so the driver holds one partition at a time.

Periods must be written `YYYY-MM` (or `YYYY-MM-DD`), which order correctly as text; the rows of a
metric with a period outside the global range cannot occur. Options --horizon, --model and
--intervals pass through to `forecast series`.
"""
import argparse
import csv
import io
import os
import shutil
import subprocess
import sys


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="readings CSV paths (anything spark.read.csv accepts)")
    parser.add_argument("--output", required=True, help="the result CSV (a local path on the driver)")
    parser.add_argument("--binary", default="forecast", help="the forecast binary (shipped to executors)")
    parser.add_argument("--partitions", type=int, default=0, help="partitions (default: Spark's default parallelism)")
    parser.add_argument("--master", default=None, help="Spark master when not set by spark-submit (e.g. local[2])")
    parser.add_argument("--horizon", type=int, default=12)
    parser.add_argument("--model", default="seasonal")
    # Calibrated intervals learn their factors from the whole input, which one partition does not
    # see: the job passes ols (textbook) intervals unless told otherwise.
    parser.add_argument("--intervals", default="ols")
    return parser.parse_args(argv)


def run(arguments):
    from pyspark import SparkFiles
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    builder = SparkSession.builder.appName("forecast-series")
    if arguments.master:
        builder = builder.master(arguments.master)
    spark = builder.getOrCreate()
    context = spark.sparkContext
    binary = shutil.which(arguments.binary) or arguments.binary
    shipped = os.path.exists(binary)
    if shipped:
        context.addFile(os.path.abspath(binary))
    binary_name = os.path.basename(binary)

    frame = spark.read.csv(arguments.inputs, header=True, inferSchema=False)
    columns = {name.strip().lower(): name for name in frame.columns}
    missing = [c for c in ("metric", "period", "value") if c not in columns]
    if missing:
        sys.exit(f"forecast_spark: the input lacks the column(s) {', '.join(missing)}; expected metric,period,value")
    frame = frame.select(F.col(columns["metric"]).alias("metric"), F.col(columns["period"]).alias("period"),
                         F.col(columns["value"]).alias("value"))
    bounds = frame.agg(F.min("period").alias("first"), F.max("period").alias("last")).collect()[0]
    first, last = bounds["first"][:7], bounds["last"][:7]
    partitions = arguments.partitions or context.defaultParallelism
    options = ["--horizon", str(arguments.horizon), "--model", arguments.model,
               "--intervals", arguments.intervals, "--from", first, "--through", last]

    def to_line(row):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow([row["metric"], row["period"], row["value"] or ""])
        return row["metric"], buffer.getvalue()

    def forecast_partition(rows):
        lines = [line for _, line in rows]
        if not lines:
            return iter(())
        executable = SparkFiles.get(binary_name) if shipped else binary
        if shipped:
            os.chmod(executable, 0o755)
        process = subprocess.run([executable, "series", "-"] + options, input="metric,period,value\n" + "".join(lines),
                                 capture_output=True, text=True, env=dict(os.environ, OPENBLAS_NUM_THREADS="1"))
        if process.returncode != 0:
            raise RuntimeError(f"forecast series failed on a partition:\n{process.stderr[-4000:]}")
        return iter(process.stdout.splitlines()[1:])   # without the header

    results = (frame.rdd.map(to_line)
               .partitionBy(partitions)                 # hash of the metric: one metric, one partition
               .mapPartitions(forecast_partition)
               .sortBy(lambda line: next(csv.reader([line]))[0].encode("utf-8")))
    with open(arguments.output, "w", newline="") as out:
        out.write("metric,model,observations,forecast_sum,lower80,upper80,lower95,upper95,slope\n")
        for line in results.toLocalIterator():
            out.write(line + "\n")
    spark.stop()


if __name__ == "__main__":
    run(parse_arguments(sys.argv[1:]))
