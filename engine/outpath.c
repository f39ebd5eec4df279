/* outpath — see outpath.h. */
#include "outpath.h"

#include <sys/stat.h>

int outpath_check(const char *out, const char *input, struct error *err)
{
    struct stat out_stat, input_stat;
    if (!out || !input || stat(out, &out_stat) != 0 || stat(input, &input_stat) != 0) return 0;
    if (out_stat.st_dev == input_stat.st_dev && out_stat.st_ino == input_stat.st_ino)
        return err_set(err, ERR_INPUT, "--out %s is the input file %s: it would be overwritten",
                       out, input);
    return 0;
}

int outpath_check_files(const char *out, const struct yfiles *files, struct error *err)
{
    for (size_t f = 0; files && f < files->n; f++)
        if (outpath_check(out, files->paths[f], err)) return -1;
    return 0;
}
