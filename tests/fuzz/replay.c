/*
 * replay.c: the main() a fuzz target gets outside libFuzzer.  `make
 * test` links each tests/fuzz/fuzz_NAME.c with it, and
 * tests/test_fuzz_replay.sh runs it on the files of
 * tests/fuzz/regress/NAME/ (inputs that once crashed, leaked or were
 * slow) and tests/fuzz/seeds/NAME/: each file named on the command line
 * is read whole and given to LLVMFuzzerTestOneInput, as libFuzzer would.
 * Exit status 0 when every file was read; a broken promise aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/fs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        buf input = BUF_INIT;
        if (fs_read(&input, argv[i], FS_MAX_FILE) != 0) {
            fprintf(stderr, "%s: cannot be read\n", argv[i]);
            rc = 1;
        } else {
            LLVMFuzzerTestOneInput((const uint8_t *)input.data, input.len);
        }
        buf_free(&input);
    }
    return rc;
}
