#!/usr/bin/env bash
# The whole test suite: the Swift tests (unit, reference values, end-to-end CLI), then the Spark
# integration in local mode. Installs what is missing first (Scripts/bootstrap.sh; the Spark test
# installs Java 17 and a PySpark virtualenv when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/bootstrap.sh
# The browser test renders the HTML report with headless Chromium and a CJK font, and the
# workbook test opens the report's .xlsx in LibreOffice Calc (each is skipped, with a message,
# where its program is missing).
if ! command -v chromium >/dev/null || ! command -v soffice >/dev/null \
    || ! dpkg-query -W -f='${Status}' fonts-wqy-zenhei 2>/dev/null | grep -q "ok installed"; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-wqy-zenhei libreoffice-calc-nogui >/dev/null
fi
swift test
# Every parser of user bytes under libFuzzer with the address sanitizer, 30 s each.
bash Fuzz/run.sh 30
bash Integrations/spark/smoke_test.sh .build/debug/forecast
