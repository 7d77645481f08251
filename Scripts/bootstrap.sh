#!/usr/bin/env bash
# Installs the system packages TargetForecast needs on Debian/Ubuntu when they are missing.
# Idempotent: installs nothing (and does not touch apt) when everything is present.
# Needs a Swift 6.1+ toolchain on PATH (https://www.swift.org/install/linux/); says so if absent.
set -euo pipefail

# OpenBLAS (the regressions); zlib's headers for ZIPFoundation (Excel workbooks are ZIP archives);
# libxml2, which Foundation's XMLParser reads the workbooks' XML with.
packages=(libopenblas-dev pkg-config zlib1g-dev libxml2)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
    echo "bootstrap: installing ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to install ${missing[*]}" >&2; exit 1; }
        sudo="sudo"
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null; then
    echo "bootstrap: no 'swift' on PATH. Install Swift 6.1 or later (https://www.swift.org/install/linux/), then rerun." >&2
    exit 1
fi
