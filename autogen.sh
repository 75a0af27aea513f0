#!/bin/sh
# Generates configure and Makefile.in from a git checkout (a release tarball has them).
set -e
cd "$(dirname "$0")"
autoreconf --force --install --warnings=all
