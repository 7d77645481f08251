#!/usr/bin/env bash
# The whole test suite: the Swift tests (unit, reference values, end-to-end CLI), then the Spark
# integration in local mode. Installs what is missing first (Scripts/bootstrap.sh; the Spark test
# installs Java 17 and a PySpark virtualenv when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/bootstrap.sh
swift test
bash Integrations/spark/smoke_test.sh .build/debug/forecast
