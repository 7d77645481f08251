// zlib (Debian's zlib1g-dev), for inflating the parts of .xlsx archives (Workbooks/ZIPArchive.swift).
#include <zlib.h>
