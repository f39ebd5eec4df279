/* simulate — see simulate.h. */
#include "simulate.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

const char *const MEASURE_NAMES[N_MEASURES] = {
    "entitled_units", "entitled_persons", "entitled_expenditure", "paid_units", "paid_persons",
    "expenditure",
    "registered_poor_persons", "paid_registered_poor", "paid_serious_illness",
    "paid_disability_1", "paid_disability_2", "paid_disability_3_4"};

double simulate_annual_per_recipient(const double *january, size_t stride)
{
    double persons = 0, expenditure = 0;
    for (int m = 0; m < 12; m++) {
        persons += january[m * stride + M_PAID_PERSONS];
        expenditure += january[m * stride + M_EXPENDITURE];
    }
    return persons > 0 ? expenditure / (persons / 12.0) : 0.0;
}

/* The study's classification of a recipient (M_PAID_ILL .. M_PAID_DISABILITY_3_4), or -1 for
 * able-bodied. */
static int recipient_class(const struct population *pop, uint32_t p)
{
    if (pop->serious_illness[p]) return M_PAID_ILL;
    switch (pop->disability_level[p]) {
    case 1: return M_PAID_DISABILITY_1;
    case 2: return M_PAID_DISABILITY_2;
    case 3: case 4: return M_PAID_DISABILITY_3_4;
    default: return -1;
    }
}

int simulation_init(struct simulation *sim, const struct scenario *s, const struct population *pop,
                    const struct run_options *options, struct error *err)
{
    memset(sim, 0, sizeof *sim);
    sim->scenario = s;
    sim->pop = pop;
    sim->options = *options;
    sim->first_month = s->first_year * 12;
    sim->n_months = (s->last_year - s->first_year + 1) * 12;
    if (policy_params_bind(&sim->params, s, pop, sim->first_month, err))
        return err_prefix(err, "scenario %s", s->name);
    if (s->dibao.gradual_exit.enabled) {
        sim->exit = calloc(1, sizeof *sim->exit);
        if (!sim->exit || exit_state_init(sim->exit, pop->n_persons)) {
            free(sim->exit);
            sim->exit = NULL;
            policy_params_free(&sim->params);
            return err_set(err, ERR_RUN, "out of memory for gradual exit's state");
        }
    }
    sim->months = calloc((size_t)sim->n_months, sizeof *sim->months);
    for (int i = 0; i < sim->n_months; i++) {
        policy_month_init(&sim->months[i], s, pop->n_regions);
        policy_month_resolve(&sim->months[i], &sim->params, sim->first_month + i);
    }
    return 0;
}

void simulation_free(struct simulation *sim)
{
    for (int i = 0; i < sim->n_months && sim->months; i++) policy_month_free(&sim->months[i]);
    free(sim->months);
    if (sim->exit) exit_state_free(sim->exit);
    free(sim->exit);
    policy_params_free(&sim->params);
    memset(sim, 0, sizeof *sim);
}

void simulation_household_month(const struct simulation *sim, size_t h, int index,
                                struct household_month *out)
{
    dibao_household(sim->pop, h, &sim->months[index], sim->options.seed,
                    sim->scenario->first_year + index / 12, sim->exit, out);
}

/* One block of households through one year: partial is [12][n_regions][N_MEASURES]. */
static void block_year(const struct simulation *sim, int year, size_t begin, size_t end,
                       double *restrict partial, struct scenario_result *res)
{
    const struct population *pop = sim->pop;
    const int n_regions = pop->n_regions;
    struct household_month hm;
    const struct household_units *units = &hm.units;
    for (size_t h = begin; h < end; h++) {
        const double weight = pop->weight[h];
        const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
        const int poor = pop->registered_poor[h];
        int64_t received = 0, entitled = 0;
        int months_paid = 0;
        for (int m = 0; m < 12; m++) {
            simulation_household_month(sim, h, year * 12 + m, &hm);
            double *acc = partial + ((size_t)m * n_regions + pop->region[h]) * N_MEASURES;
            if (poor) acc[M_REGISTERED_POOR] += weight * n;
            for (uint32_t i = 0; i < n; i++) {
                if (units->unit_of[i] == UNIT_NONE || !hm.unit[units->unit_of[i]].paid) continue;
                if (poor) acc[M_PAID_REGISTERED_POOR] += weight;
                int c = recipient_class(pop, first + i);
                if (c >= 0) acc[c] += weight;
            }
            int paid = 0;
            for (int k = 0; k < units->n; k++) {
                const struct unit_outcome *o = &hm.unit[k];
                const double persons = units->size[k];
                if (o->eligible) {
                    acc[M_ENTITLED_UNITS] += weight;
                    acc[M_ENTITLED_PERSONS] += weight * persons;
                    acc[M_ENTITLED_EXPENDITURE] += weight * (double)o->entitled / 100.0;
                    entitled += o->entitled;
                }
                if (o->paid) {
                    acc[M_PAID_UNITS] += weight;
                    acc[M_PAID_PERSONS] += weight * persons;
                    acc[M_EXPENDITURE] += weight * (double)o->payment / 100.0;
                    received += o->payment;
                    paid = 1;
                }
            }
            months_paid += paid;
        }
        if (res->dibao) {
            size_t cell = (size_t)year * res->n_households + h;
            res->dibao[cell] = received;
            res->dibao_entitled[cell] = entitled;
            res->months_paid[cell] = (uint8_t)months_paid;
        }
    }
}

int simulation_run(const struct simulation *sim, struct scenario_result *res, struct error *err)
{
    const struct population *pop = sim->pop;
    memset(res, 0, sizeof *res);
    res->first_year = sim->scenario->first_year;
    res->n_years = sim->n_months / 12;
    res->n_regions = pop->n_regions;
    res->n_households = pop->n_households;
    const size_t stride = (size_t)12 * pop->n_regions * N_MEASURES;
    res->summary = calloc((size_t)res->n_years * stride + 1, sizeof *res->summary);
    if (sim->options.microdata) {
        res->dibao = calloc((size_t)res->n_years * pop->n_households + 1, sizeof *res->dibao);
        res->dibao_entitled = calloc((size_t)res->n_years * pop->n_households + 1,
                                     sizeof *res->dibao_entitled);
        res->months_paid = calloc((size_t)res->n_years * pop->n_households + 1, 1);
    }
    if (!res->summary ||
        (sim->options.microdata && (!res->dibao || !res->dibao_entitled || !res->months_paid))) {
        scenario_result_free(res);
        return err_set(err, ERR_RUN, "out of memory for the results of %zu households",
                       pop->n_households);
    }
    const size_t n_blocks = (pop->n_households + SIMULATE_BLOCK - 1) / SIMULATE_BLOCK;
    /* Blocks are computed a batch at a time; the batch size bounds memory and does not change
     * the order of the sums. */
    size_t batch = (size_t)(64 << 20) / (stride * sizeof(double));
    if (batch < 1) batch = 1;
    if (batch > n_blocks) batch = n_blocks ? n_blocks : 1;
    double *partial = malloc(batch * stride * sizeof *partial + 1);
    if (!partial) {
        scenario_result_free(res);
        return err_set(err, ERR_RUN, "out of memory for block sums");
    }
    for (int y = 0; y < res->n_years; y++) {
        double *totals = res->summary + (size_t)y * stride;
        for (size_t start = 0; start < n_blocks; start += batch) {
            const long count = (long)(n_blocks - start < batch ? n_blocks - start : batch);
#pragma omp parallel for schedule(dynamic, 1) num_threads(sim->options.threads)
            for (long b = 0; b < count; b++) {
                size_t begin = (start + (size_t)b) * SIMULATE_BLOCK;
                size_t end = begin + SIMULATE_BLOCK;
                if (end > pop->n_households) end = pop->n_households;
                memset(partial + (size_t)b * stride, 0, stride * sizeof *partial);
                block_year(sim, y, begin, end, partial + (size_t)b * stride, res);
            }
            for (long b = 0; b < count; b++)
                for (size_t i = 0; i < stride; i++) totals[i] += partial[(size_t)b * stride + i];
        }
    }
    free(partial);
    return 0;
}

void scenario_result_free(struct scenario_result *res)
{
    free(res->summary);
    free(res->dibao);
    free(res->dibao_entitled);
    free(res->months_paid);
    memset(res, 0, sizeof *res);
}
