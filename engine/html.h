/* html — a results file as one self-contained web page a non-programmer opens: spending by
 * program and year (the fund needs) for each scenario, the baseline's monthly cash flow, the
 * reforms' change in cost and their winners and losers by decile, each sensitivity analysis's
 * fan of total cost and its tornado, and the validation against the study; charts as inline SVG, nothing fetched from the network.
 * `dibaosim report RESULTS.h5 --html OUT.html`. */
#ifndef DIBAOSIM_HTML_H
#define DIBAOSIM_HTML_H

#include "error.h"

/* Writes the page for `results` at `out` (through a temporary name). */
int html_report(const char *results, const char *out, struct error *err);

#endif
