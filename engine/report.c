/* report — see report.h. */
#include "report.h"

#include <string.h>

static void print_line(FILE *out, const char *name, int year, const char *region,
                       const double *months, int stride)
{
    /* months points at January's measures; stride steps from one month to the next */
    double expenditure = 0;
    for (int m = 0; m < 12; m++) expenditure += months[m * stride + M_EXPENDITURE];
    const double *december = months + 11 * stride;
    double per_year = simulate_annual_per_recipient(months, (size_t)stride);
    fprintf(out, "%-28.28s %4d %-10.10s %10.0f %11.0f %15.0f %12.0f\n", name, year, region,
            december[M_PAID_UNITS], december[M_PAID_PERSONS], expenditure, per_year);
}

void report_summary(FILE *out, const char *scenario_name, const struct scenario_result *res,
                    const struct population *pop)
{
    const int R = res->n_regions;
    fprintf(out, "%-28s %4s %-10s %10s %11s %15s %12s\n", "scenario", "year", "region",
            "units(Dec)", "persons(Dec)", "expenditure", "yuan/pers/yr");
    for (int y = 0; y < res->n_years; y++) {
        const double *year = res->summary + (size_t)y * 12 * R * N_MEASURES;
        for (int r = 0; r < R; r++)
            print_line(out, scenario_name, res->first_year + y, pop->regions[r],
                       year + (size_t)r * N_MEASURES, R * N_MEASURES);
        if (R > 1) {
            double all[12][N_MEASURES];
            memset(all, 0, sizeof all);
            for (int m = 0; m < 12; m++)
                for (int r = 0; r < R; r++)
                    for (int k = 0; k < N_MEASURES; k++)
                        all[m][k] += year[((size_t)m * R + r) * N_MEASURES + k];
            print_line(out, scenario_name, res->first_year + y, "all", all[0], N_MEASURES);
        }
    }
}
