#!/bin/sh
# Turns standard input into a C source file defining `const char NAME[]`,
# so that text files such as the SQL schema are compiled into the tool.
set -eu
name=$1
printf 'const char %s[] =\n' "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$/\\n"/'
printf ';\n'
