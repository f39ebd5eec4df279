/* explain_dibao — dibao's steps for one household-month (rules.md 2, 3, 5), read from what the
 * rules recorded as they ran (struct dibao_steps, filled by dibao_household for the traced
 * household only): the members and their units, each unit's counted income by member and
 * component, the deductions, the assessed and per-capita income, the standard and its source,
 * the tests, the benefit (gap and its floor, or the tier), the top-ups, the rounding, gradual
 * exit's memory and its schedule's share (dibao_exit_share), the targeting draws (an exit
 * month's take-up draw), the caseload and what the review's alignment did to the unit's review
 * (recorded by the review as it decided), ending in what the unit is paid. */
#include <math.h>
#include <string.h>

#include "choices.h"
#include "explain_steps.h"
#include "programs/programs.h"

#define P "dibao"

/* Why unit o was paid what it was, in words a planner reads. */
static const char *why(const struct unit_outcome *o)
{
    if (o->stale) return "on the starting caseload, not yet re-checked: paid the stale share of the line";
    if (o->exiting && o->paid) return "in gradual exit after finding work: paid an exit month";
    if (o->exiting)
        return "in gradual exit after finding work, but not paid: did not claim (take-up) or "
               "left the caseload";
    if (o->paid && o->eligible && o->payment == o->entitled) return "entitled, and paid its entitlement";
    if (o->paid && o->eligible)
        return "entitled; paid on what the assessor saw or its last assessment (reviews decide, "
               "the standard re-prices it)";
    if (o->paid)
        return "not entitled on its true income, yet paid: the assessor saw less income (an "
               "income-assessment draw), a wrongful inclusion, or kept since its last review";
    if (o->eligible)
        return "entitled but not paid: did not claim (take-up), excluded by a targeting error, "
               "or has not applied yet";
    return "not entitled";
}

/* Category names of a member (bits of enum category), comma-separated. */
static void category_names(unsigned categories, char *out, size_t size)
{
    out[0] = '\0';
    for (int c = 0; c < N_CATEGORIES; c++)
        if (categories & 1u << c) {
            char name[32];
            choices_name(CATEGORY_NAMES, c, name, sizeof name);
            snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? ", " : "", name);
        }
    if (!out[0]) snprintf(out, size, "none");
}

static void household_steps(struct explain_month *x)
{
    const struct population *pop = x->sim->pop;
    const size_t h = x->t->household;
    const struct dibao_steps *st = &x->t->steps[x->month];
    const struct household_units *u = &x->t->dibao[x->month].units;
    const struct policy_month *m = x->rules;
    const int r = x->region, n = (int)x->members;
    char text[1536] = "";
    int living = 0;
    for (int i = 0; i < n; i++) {
        const struct dibao_member_steps *ms = &st->member[i];
        living += ms->alive;
        char level[32] = "";
        if (ms->disability_level)
            snprintf(level, sizeof level, ", disability level %d", ms->disability_level);
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s%lld (age %d, family %d%s%s)",
                 i ? "; " : "", (long long)ms->person_id, ms->age, ms->family_id, level,
                 !ms->alive ? ", dead" : ms->in_no_unit ? ", served by tekun: in no unit" : "");
    }
    explain_step(x, P, 0, "members", VALUE_NUMBER, living, "%s; %s hukou, %sregistered poor",
                 text, pop->hukou[h] == HUKOU_URBAN ? "urban" : "rural",
                 st->registered_poor ? "" : "not ");
    const int family = POLICY_EXACT(m, P_UNIT, r) == UNIT_FAMILY;
    explain_step(x, P, 0, "units", VALUE_NUMBER, u->n,
                 "dibao.unit %s: %s%s", family ? "family" : "household",
                 family ? "each family of the household is a unit"
                        : "the household's members pooled in one unit",
                 POLICY_EXACT(m, P_SEPARATION_ENABLED, r)
                     ? "; separate registration on: a unit not eligible as a whole may register "
                       "members of its categories as units of one"
                     : "");
    explain_step(x, P, 0, "rounding", VALUE_NONE, NAN,
                 "dibao.benefit.rounding: each unit's monthly payment to the %s, half away from "
                 "zero", POLICY_EXACT(m, P_ROUNDING, r) == ROUND_YUAN ? "yuan" : "fen");
    explain_source(x, P_STANDARD, text, sizeof text);
    explain_step(x, P, 0, "standard", VALUE_YUAN, explain_yuan(POLICY_EXACT(m, P_STANDARD, r)),
                 "a person a month in %s: %s", pop->regions[r], text);
    const struct dibao_assets *as = &st->assets;
    char financial[160], vehicles[64], houses[64];
    if (as->financial < 0) snprintf(financial, sizeof financial, "financial test off");
    else
        snprintf(financial, sizeof financial,
                 "financial assets %.2f for %lld persons %s %g months x standard a person: %s",
                 explain_yuan(pop->financial_assets[h]), (long long)as->persons,
                 as->financial ? "within" : "above", POLICY_RAW(m, P_FINANCIAL_MONTHS, r),
                 as->financial ? "passes" : "fails");
    if (as->vehicles < 0) snprintf(vehicles, sizeof vehicles, "vehicle test off");
    else
        snprintf(vehicles, sizeof vehicles, "%d vehicles (at most %g): %s", pop->vehicles[h],
                 POLICY_RAW(m, P_MAX_VEHICLES, r), as->vehicles ? "passes" : "fails");
    if (as->houses < 0) snprintf(houses, sizeof houses, "house test off");
    else
        snprintf(houses, sizeof houses, "%d houses (at most %g): %s", pop->houses[h],
                 POLICY_RAW(m, P_MAX_HOUSES, r), as->houses ? "passes" : "fails");
    explain_step(x, P, 0, "asset test", VALUE_YES_NO, as->pass,
                 "the household's, for every unit but a separated one: %s; %s; %s", financial,
                 vehicles, houses);
}

/* Each member's counted income by component, and the unit's sum. */
static void income_steps(struct explain_month *x, int k)
{
    const struct dibao_steps *st = &x->t->steps[x->month];
    const struct household_units *u = &x->t->dibao[x->month].units;
    const struct dibao_unit_steps *us = &st->unit[k];
    const int r = x->region, counts_pension = !POLICY_EXACT(x->rules, P_EXEMPT_PENSION, r);
    for (int i = 0; i < (int)x->members; i++) {
        if (u->unit_of[i] != k) continue;
        const struct dibao_member_steps *ms = &st->member[i];
        char name[48], extra[256] = "";
        snprintf(name, sizeof name, "income of %lld", (long long)ms->person_id);
        if (ms->support)
            snprintf(extra, sizeof extra, " + imputed family support %.2f",
                     explain_micro_yuan(ms->support));
        if (ms->disregard)
            snprintf(extra + strlen(extra), sizeof extra - strlen(extra),
                     " - wage disregarded %.2f (gradual exit, %d months left)",
                     explain_micro_yuan(ms->disregard), ms->disregard_left);
        explain_step(x, P, k + 1, name, VALUE_YUAN, explain_micro_yuan(ms->counted),
                     "wage %.2f + business %.2f + property %.2f + transfer %.2f + basic pension "
                     "%.2f (%s)%s",
                     explain_yuan(ms->wage), explain_yuan(ms->business),
                     explain_yuan(ms->property), explain_yuan(ms->transfer),
                     explain_yuan(ms->pension), counts_pension ? "counted" : "exempt: not counted",
                     extra);
    }
    explain_step(x, P, k + 1, "counted income", VALUE_YUAN, explain_micro_yuan(us->a.counted),
                 "the sum over the unit's %d members", u->size[k]);
}

static void deduction_steps(struct explain_month *x, int k)
{
    const struct dibao_steps *st = &x->t->steps[x->month];
    const struct household_units *u = &x->t->dibao[x->month].units;
    const struct dibao_assessment *a = &st->unit[k].a;
    const struct policy_month *m = x->rules;
    const int r = x->region;
    const int64_t mode = POLICY_EXACT(m, P_WORK_MODE, r);
    if (mode != WORK_NONE) {
        static const char *const how[] = {"", "a fixed amount", "a share of the standard",
                                          "a share of the wage"};
        char text[1024] = "";
        for (int i = 0; i < (int)x->members; i++) {
            const struct dibao_member_steps *ms = &st->member[i];
            if (u->unit_of[i] != k || !ms->work_cost) continue;
            snprintf(text + strlen(text), sizeof text - strlen(text),
                     "; %lld: min(wage %.2f, amount) = %.2f%s", (long long)ms->person_id,
                     explain_yuan(ms->wage), explain_micro_yuan(ms->work_cost),
                     ms->disability_level ? " (disabled worker's share)" : "");
        }
        explain_step(x, P, k + 1, "work-cost deduction", VALUE_YUAN,
                     explain_micro_yuan(a->work_cost),
                     "dibao.income.work_cost: %s, per employed member with a wage%s",
                     how[mode], text[0] ? text : "; nobody in the unit works for a wage");
    }
    if (POLICY_EXACT(m, P_RIGID_ENABLED, r)) {
        int64_t expenses = 0;
        for (int i = 0; i < (int)x->members; i++)
            if (u->unit_of[i] == k) expenses += st->member[i].expenses;
        explain_step(x, P, k + 1, "rigid-expense deduction", VALUE_YUAN,
                     explain_micro_yuan(a->rigid),
                     "expenses counted %.2f a year x share %g / 12 = %.6f, capped at %g x "
                     "(counted - work cost) = %.6f%s",
                     explain_yuan(expenses), POLICY_RAW(m, P_RIGID_SHARE, r),
                     explain_micro_yuan(a->rigid_claim), POLICY_RAW(m, P_RIGID_CAP, r),
                     explain_micro_yuan(a->rigid_cap),
                     a->rigid_claim > a->rigid_cap ? ": the cap binds" : "");
    }
    explain_step(x, P, k + 1, "assessed income", VALUE_YUAN, explain_micro_yuan(a->assessed),
                 "max(0, counted %.2f - work cost %.6g - rigid expenses %.6g)",
                 explain_micro_yuan(a->counted), explain_micro_yuan(a->work_cost),
                 explain_micro_yuan(a->rigid));
}

/* The per-capita income and the tests. */
static void test_steps(struct explain_month *x, int k)
{
    const struct dibao_steps *st = &x->t->steps[x->month];
    const struct household_units *u = &x->t->dibao[x->month].units;
    const struct dibao_assessment *a = &st->unit[k].a;
    const struct policy_month *m = x->rules;
    const int r = x->region;
    const double standard = explain_yuan(POLICY_EXACT(m, P_STANDARD, r));
    const double pc = explain_micro_yuan(a->assessed) / u->size[k];
    const int below = a->assessed < a->line;
    explain_step(x, P, k + 1, "per-capita income", VALUE_YUAN, pc,
                 "assessed income / %d members; pc / standard = %.6f", u->size[k],
                 (double)x->t->dibao[x->month].unit[k].pc_ratio / MONEY_MICRO);
    explain_step(x, P, k + 1, "income test", VALUE_YES_NO, below,
                 "pc %.6g %s standard %.2f (income at the standard is not eligible)", pc,
                 below ? "<" : ">=", standard);
    explain_step(x, P, k + 1, "hukou test", VALUE_YES_NO, a->hukou,
                 "the program serves %s hukou", POLICY_EXACT(m, P_HUKOU, r) == HUKOU_URBAN
                                                   ? "urban" : "rural");
    if (u->separated[k])
        explain_step(x, P, k + 1, "asset test", VALUE_NONE, NAN,
                     "a separated unit of one holds no assets: not tested");
    else
        explain_step(x, P, k + 1, "asset test", VALUE_YES_NO, st->assets.pass,
                     "the household's (above)");
    explain_step(x, P, k + 1, "eligible", VALUE_YES_NO, a->eligible,
                 a->eligible ? "passes every test: entitled to a benefit"
                             : "fails a test: entitled to nothing");
}

/* The benefit of an eligible unit: gap and its floor, or the tier; top-ups; rounding. */
static void benefit_steps(struct explain_month *x, int k)
{
    const struct dibao_steps *st = &x->t->steps[x->month];
    const struct household_units *u = &x->t->dibao[x->month].units;
    const struct dibao_unit_steps *us = &st->unit[k];
    const struct dibao_benefit *b = &us->b;
    const struct policy_month *m = x->rules;
    const int r = x->region;
    if (POLICY_EXACT(m, P_BENEFIT_MODE, r) == BENEFIT_GAP) {
        explain_step(x, P, k + 1, "gap", VALUE_YUAN, explain_micro_yuan(b->gap),
                     "(standard - pc) x %d members = line %.2f - assessed income %.6g",
                     u->size[k], explain_micro_yuan(us->a.line),
                     explain_micro_yuan(us->a.assessed));
        explain_step(x, P, k + 1, "min share floor", VALUE_YUAN, explain_micro_yuan(b->floor),
                     "dibao.benefit.min_share %g x line: %s", POLICY_RAW(m, P_MIN_SHARE, r),
                     b->floor > b->gap ? "binds, the benefit is raised to it"
                                       : "does not bind");
    } else if (b->tier >= 0) {
        explain_step(x, P, k + 1, "tier", VALUE_NUMBER, b->tier + 1,
                     "the first band with pc < %g x standard pays %g x standard x %d members",
                     (double)m->tier_below[b->tier] / MONEY_MICRO,
                     (double)m->tier_pays[b->tier] / MONEY_MICRO, u->size[k]);
    } else {
        explain_step(x, P, k + 1, "tier", VALUE_NONE, NAN, "pc is in no band: nothing");
    }
    if (u->separated[k])
        explain_step(x, P, k + 1, "separated floor", VALUE_YUAN,
                     explain_micro_yuan(b->separated_floor),
                     "dibao.separate_registration.floor_share %g x standard: %s",
                     POLICY_RAW(m, P_FLOOR_SHARE, r),
                     b->benefit == b->separated_floor && b->separated_floor ? "binds"
                                                                            : "does not bind");
    explain_step(x, P, k + 1, "benefit", VALUE_YUAN, explain_micro_yuan(b->benefit),
                 "before top-ups");
    if (m->n_top_ups) {
        char text[1024] = "";
        for (int i = 0; i < (int)x->members; i++) {
            const struct dibao_member_steps *ms = &st->member[i];
            if (u->unit_of[i] != k) continue;
            char names[160];
            category_names(ms->categories, names, sizeof names);
            snprintf(text + strlen(text), sizeof text - strlen(text),
                     "; %lld (%s): %g x standard", (long long)ms->person_id, names,
                     (double)ms->top_up_share / MONEY_MICRO);
        }
        explain_step(x, P, k + 1, "top-ups", VALUE_YUAN, explain_micro_yuan(us->top_ups),
                     "dibao.top_ups, stacking %s%s",
                     POLICY_EXACT(m, P_TOP_UP_STACKING, r) == STACK_SUM ? "sum" : "max", text);
    }
    explain_step(x, P, k + 1, "before rounding", VALUE_YUAN, explain_micro_yuan(us->unrounded),
                 "benefit + top-ups");
}

/* Gradual exit's schedule (3.7): exit month `month` (0: the first) of a unit whose last normal
 * payment was `last` fen, as the rules' own dibao_exit_share gives it, paid `paid` fen. */
static void exit_share_step(struct explain_month *x, int k, const char *name, int month,
                            int64_t last, int64_t paid)
{
    const int poor = x->t->steps[x->month].registered_poor, n = x->rules->n_exit_schedule;
    int length;
    const int64_t share = dibao_exit_share(x->rules, x->region, poor, month, &length);
    char schedule[160];
    if (length > n)
        snprintf(schedule, sizeof schedule, "dibao.gradual_exit.schedule's %d months lengthened "
                 "to registered_poor_months %d for a registered-poor household, its last share "
                 "repeated", n, length);
    else
        snprintf(schedule, sizeof schedule, "dibao.gradual_exit.schedule, %d months%s", n,
                 poor ? " (registered poor: registered_poor_months does not lengthen it)" : "");
    if (share < 0) {
        explain_step(x, P, k + 1, name, VALUE_NONE, NAN,
                     "exit month %d is past the schedule (%s): not paid", month + 1, schedule);
        return;
    }
    explain_step(x, P, k + 1, name, VALUE_NUMBER, (double)share / MONEY_MICRO,
                 "exit month %d of %d (%s): share %g x last normal payment %.2f = %.6f, rounded "
                 "%.2f; no top-ups", month + 1, length, schedule, (double)share / MONEY_MICRO,
                 explain_yuan(last), explain_micro_yuan((money_wide)share * last),
                 explain_yuan(paid));
}

/* Gradual exit's memory (3.7 taper) and what it did. */
static void exit_steps(struct explain_month *x, int k)
{
    const struct dibao_unit_steps *us = &x->t->steps[x->month].unit[k];
    const struct unit_outcome *o = &x->t->dibao[x->month].unit[k];
    if (!us->taper) return;
    char before[256];
    if (us->exit_month >= 0)
        snprintf(before, sizeof before, "in exit: month %d of the schedule due", us->exit_month + 1);
    else
        snprintf(before, sizeof before, "%s", us->paid_normal ? "paid normally last month"
                                                              : "not paid normally last month");
    explain_step(x, P, k + 1, "gradual exit", VALUE_YES_NO, o->exiting,
                 "%s; last normal payment %.2f, members' wages then %.2f, now %.2f%s", before,
                 explain_yuan(us->last_benefit), explain_yuan(us->wage_at_normal),
                 explain_yuan(us->wages),
                 o->exiting ? ": fails only the income test with higher wages, paid the "
                              "schedule's share of its last normal payment (no top-ups)"
                            : "");
    if (o->exiting)
        exit_share_step(x, k, "exit share", us->exit_month >= 0 ? us->exit_month : 0, us->last_benefit,
                        o->entitled);
}

static const char *basis_name(int basis)
{
    static const char *const names[] = {"off the caseload", "normal benefit", "stale benefit",
                                        "wrongful inclusion", "gradual exit"};
    return basis >= 0 && basis <= REVIEW_EXIT ? names[basis] : "?";
}

/* The total of projection.alignment's review_exit for the year and region, or NaN. */
static double review_total(const struct explain_month *x, int *method, int *by_region)
{
    const struct scenario *s = x->sim->scenario;
    const int year = s->first_year + x->t->year;
    for (int i = 0; i < s->projection.n_alignments; i++) {
        const struct alignment_item *a = &s->projection.alignments[i];
        if (a->transition != T_REVIEW_EXIT) continue;
        *method = a->method;
        *by_region = a->by_region;
        for (int j = 0; j < a->n; j++)
            if (a->totals[j].year == year &&
                (!a->by_region || !strcmp(a->totals[j].region, x->sim->pop->regions[x->region])))
                return a->totals[j].value;
    }
    return NAN;
}

/* What the review's alignment (6, projection.alignment review_exit) did to the unit's review:
 * under logit_shift the year's δ and the coverage it shifted; under sort whether the sort took
 * the unit. Recorded by the review itself as it decided (dibao_unit_steps.review_*). */
static void alignment_steps(struct explain_month *x, int k, double coverage)
{
    const struct dibao_unit_steps *us = &x->t->steps[x->month].unit[k];
    if (!us->review_year_aligned) return;
    int method = ALIGN_LOGIT_SHIFT, by_region = 0;
    const double total = review_total(x, &method, &by_region);
    const int year = x->sim->scenario->first_year + x->t->year;
    char target[160];
    if (isnan(total))
        snprintf(target, sizeof target, "no total for %s in %d", x->sim->pop->regions[x->region],
                 year);
    else
        snprintf(target, sizeof target, "total %g weighted persons removed in %d, %s%s", total,
                 year, by_region ? "region " : "all regions",
                 by_region ? x->sim->pop->regions[x->region] : "");
    if (!us->review_removes) {
        explain_step(x, P, k + 1, "review alignment", VALUE_NONE, NAN,
                     "projection.alignment aligns %d's review removals (%s, %s); a review would "
                     "keep this unit, so its review is drawn on plain coverage",
                     year, method == ALIGN_SORT ? "sort" : "logit_shift", target);
        return;
    }
    if (us->review_sorted) {
        const double cutoff = us->review_cutoff, ratio = us->review_draw / coverage;
        char versus[96] = "no total for its group: drawn on plain coverage";
        if (!isnan(cutoff)) {
            explain_step(x, P, k + 1, "sort cut-off", VALUE_NUMBER, cutoff,
                         "projection.alignment review_exit, method sort (%s): the units a review "
                         "would remove are taken in increasing order of draw / coverage until "
                         "the total is reached; the last taken had %.6f%s", target, cutoff,
                         cutoff > 0 ? "" : " (none taken)");
            snprintf(versus, sizeof versus, "%s the cut-off %.6f", ratio <= cutoff ? "<=" : ">",
                     cutoff);
        }
        explain_step(x, P, k + 1, "sort selected", VALUE_YES_NO, us->review_taken,
                     "this unit's draw / coverage %.6f / %g = %.6f %s: %s", us->review_draw,
                     coverage, ratio, versus,
                     us->review_taken ? "selected: reviewed, and removed"
                                      : "not selected: not reviewed, kept on its basis");
        return;
    }
    explain_step(x, P, k + 1, "alignment shift", VALUE_NUMBER, us->review_delta,
                 "projection.alignment review_exit, method logit_shift (%s): the shift delta added "
                 "to the logit of the coverage of every unit a review would remove in the group",
                 target);
    explain_step(x, P, k + 1, "shifted coverage", VALUE_NUMBER, us->review_probability,
                 "logistic(logit(%g) + %.6f); the review draw %.6f %s it: %s", coverage,
                 us->review_delta, us->review_draw, us->reviewed ? "<" : ">=",
                 us->reviewed ? "reviewed, and removed" : "not reviewed, kept on its basis");
}

/* The targeting draws (5) and the caseload (3.8). */
static void targeting_steps(struct explain_month *x, int k)
{
    const struct dibao_unit_steps *us = &x->t->steps[x->month].unit[k];
    const struct unit_outcome *o = &x->t->dibao[x->month].unit[k];
    const struct policy_month *m = x->rules;
    const int r = x->region;
    if (!us->drawn && !us->reviews) {
        explain_step(x, P, k + 1, "targeting", VALUE_NONE, NAN,
                     "perfect targeting (take-up 1, no income error, no wrongful inclusion): "
                     "paid what it is entitled to");
    } else if (us->drawn && o->exiting && !us->reviews) {
        const double take_up = POLICY_RAW(m, P_TAKE_UP, r);
        if (isnan(us->take_up_draw))
            explain_step(x, P, k + 1, "take-up draw", VALUE_NUMBER, NAN,
                         "an exit month is paid to a unit that claims: targeting.take_up %g "
                         "decides without a draw: %s", take_up, o->paid ? "claims, paid" : "does "
                         "not claim, not paid");
        else
            explain_step(x, P, k + 1, "take-up draw", VALUE_NUMBER, us->take_up_draw,
                         "an exit month is paid to a unit that claims: the year's draw %.6f %s "
                         "targeting.take_up %g: %s", us->take_up_draw,
                         us->take_up_draw < take_up ? "<" : ">=", take_up,
                         o->paid ? "claims, paid the exit month" : "does not claim, not paid");
    } else if (us->drawn) {
        explain_step(x, P, k + 1, "income the assessor saw", VALUE_YUAN,
                     explain_micro_yuan(us->seen),
                     "targeting.income_error_sigma %g: assessed income %.6g x %.6f; eligible on it: %s",
                     POLICY_RAW(m, P_ERROR_SIGMA, r), explain_micro_yuan(us->a.assessed),
                     us->a.assessed ? (double)us->seen / (double)us->a.assessed : 1.0,
                     us->eligible_seen ? "yes" : "no");
        explain_step(x, P, k + 1, "take-up draw", VALUE_NUMBER, us->take_up_draw,
                     "the year's draw; claims when below targeting.take_up %g%s",
                     POLICY_RAW(m, P_TAKE_UP, r), isnan(us->take_up_draw) ? " (0 or 1: not drawn)" : "");
        explain_step(x, P, k + 1, "wrongful-inclusion draw", VALUE_NUMBER, us->wrongful_draw,
                     "the year's draw; a unit not eligible on the seen income with pc < %g x "
                     "standard is paid %g x line when below targeting.wrongful_inclusion %g%s",
                     POLICY_RAW(m, P_INCLUSION_MULTIPLE, r), POLICY_RAW(m, P_WRONGFUL_SHARE, r),
                     POLICY_RAW(m, P_WRONGFUL, r),
                     isnan(us->wrongful_draw) ? " (0 or 1: not drawn)" : "");
        static const char *const decisions[] = {"not paid", "paid its benefit on the seen income",
                                                "paid as a wrongful inclusion"};
        explain_step(x, P, k + 1, "assessor's decision", VALUE_NUMBER, us->decision, "%s%s",
                     decisions[us->decision],
                     us->reviews ? " (with reviews, acted on only when the unit applies, "
                                   "starts on the caseload or is reviewed)"
                     : us->decision == 1 ? " (benefit on the seen income, plus top-ups, rounded)"
                                         : "");
        if (us->decision == 1 && !us->reviews)
            explain_step(x, P, k + 1, "benefit on the seen income", VALUE_YUAN,
                         explain_micro_yuan(us->paid_benefit.benefit),
                         "its benefit as the assessor computes it; paid with top-ups %.6f, "
                         "rounded", explain_micro_yuan(us->top_ups));
        if (us->decision == 2 && !us->reviews)
            explain_step(x, P, k + 1, "flat payment", VALUE_YUAN, explain_yuan(o->payment),
                         "targeting.wrongful_benefit_share %g x line %.2f, rounded",
                         POLICY_RAW(m, P_WRONGFUL_SHARE, r), explain_micro_yuan(us->a.line));
    }
    if (!us->reviews) return;
    explain_step(x, P, k + 1, "caseload", VALUE_NUMBER, us->basis_after,
                 "dibao.review: before this month %s; %s; application draw %s, review draw %s; "
                 "now %s%s", basis_name(us->basis_before),
                 us->review_month ? "a review month" : "not a review month",
                 isnan(us->application_draw) ? "none" : "drawn",
                 isnan(us->review_draw) ? "none" : "drawn", basis_name(us->basis_after),
                 o->review_exit ? " (removed at this month's review)" : "");
    if (!isnan(us->application_draw))
        explain_step(x, P, k + 1, "application draw", VALUE_NUMBER, us->application_draw,
                     "applies when below dibao.review.application_probability %g",
                     POLICY_RAW(m, P_APPLICATION, r));
    if (!isnan(us->review_draw)) {
        const double coverage = POLICY_RAW(m, P_REVIEW_COVERAGE, r);
        if (us->review_decided && us->review_sorted)
            explain_step(x, P, k + 1, "review draw", VALUE_NUMBER, us->review_draw,
                         "dibao.review.coverage %g; the alignment's sort decides (below)",
                         coverage);
        else
            explain_step(x, P, k + 1, "review draw", VALUE_NUMBER, us->review_draw,
                         "%.6f %s %s %.6g: %s", us->review_draw,
                         us->reviewed ? "<" : ">=",
                         us->review_delta != 0 ? "the coverage shifted by the alignment (below),"
                                               : "dibao.review.coverage",
                         us->review_probability, us->reviewed ? "reviewed" : "not reviewed");
        if (us->review_decided) alignment_steps(x, k, coverage);
    }
    if (us->basis_after == REVIEW_NORMAL)
        explain_step(x, P, k + 1, "benefit on its basis", VALUE_YUAN,
                     explain_micro_yuan(us->paid_benefit.benefit),
                     "re-priced from the assessed income last seen, %.6f for its size now; paid "
                     "with top-ups %.6f, rounded", explain_micro_yuan(us->basis_assessed),
                     explain_micro_yuan(us->top_ups));
    else if (us->basis_after == REVIEW_STALE || us->basis_after == REVIEW_WRONGFUL)
        explain_step(x, P, k + 1, "flat payment", VALUE_YUAN, explain_yuan(o->payment),
                     "%s %g x line %.2f, rounded",
                     us->basis_after == REVIEW_STALE ? "dibao.review.stale_benefit_share"
                                                     : "targeting.wrongful_benefit_share",
                     POLICY_RAW(m, us->basis_after == REVIEW_STALE ? P_STALE_SHARE
                                                                    : P_WRONGFUL_SHARE, r),
                     explain_micro_yuan(us->a.line));
    else if (us->basis_after == REVIEW_EXIT) {
        exit_share_step(x, k, "caseload exit share", us->basis_before == REVIEW_EXIT ? us->review_exit_month : 0,
                        us->review_last_payment, o->payment);
        explain_step(x, P, k + 1, "exit payment", VALUE_YUAN, explain_yuan(o->payment),
                     "gradual exit on the caseload: exit month %d of the schedule x its last "
                     "normal payment %.2f, rounded",
                     us->basis_before == REVIEW_EXIT ? us->review_exit_month + 1 : 1,
                     explain_yuan(us->review_last_payment));
    }
}

static void unit_steps(struct explain_month *x, int k)
{
    const struct population *pop = x->sim->pop;
    const size_t h = x->t->household;
    const struct household_month *d = &x->t->dibao[x->month];
    const struct household_units *u = &d->units;
    const struct dibao_unit_steps *us = &x->t->steps[x->month].unit[k];
    const struct unit_outcome *o = &d->unit[k];
    char who[1024] = "";
    for (int i = 0; i < (int)x->members; i++)
        if (u->unit_of[i] == k)
            snprintf(who + strlen(who), sizeof who - strlen(who), "%s%lld", who[0] ? ", " : "",
                     (long long)pop->person_id[pop->first_person[h] + i]);
    if (us->assessed_whole) {   /* separate registration was tried on it (3.4) */
        static const char *const households[] = {"registered_poor", "edge", "any"};
        const struct dibao_assessment *w = &us->whole;
        int separated = 0;
        for (int j = 0; j < u->n; j++) separated += u->separated[j];
        explain_step(x, P, k + 1, "as a whole", VALUE_YUAN, explain_micro_yuan(w->assessed),
                     "the whole unit's assessed income before separate registration (line "
                     "%.2f; hukou and assets %s): not eligible, so separate registration was "
                     "tried (members in dibao.separate_registration.who, households: %s): %d "
                     "members of the household registered separately",
                     explain_micro_yuan(w->line), w->other_tests ? "pass" : "fail",
                     households[POLICY_EXACT(x->rules, P_SEPARATION_HOUSEHOLDS, x->region)],
                     separated);
    }
    if (u->size[k] == 0) {
        explain_step(x, P, k + 1, "unit", VALUE_NUMBER, 0,
                     "every member was registered separately: the unit is gone");
        return;
    }
    explain_step(x, P, k + 1, "unit", VALUE_NUMBER, u->size[k], "%s: members %s",
                 u->separated[k] ? "a member registered separately (3.4), a unit of one"
                 : POLICY_EXACT(x->rules, P_UNIT, x->region) == UNIT_FAMILY ? "a family"
                                                                            : "the household",
                 who);
    income_steps(x, k);
    deduction_steps(x, k);
    test_steps(x, k);
    if (us->a.eligible) benefit_steps(x, k);
    exit_steps(x, k);
    explain_step(x, P, k + 1, "entitled", VALUE_YUAN, explain_yuan(o->eligible ? o->entitled : 0),
                 o->exiting ? "the exit month's payment, rounded"
                 : o->eligible ? (POLICY_EXACT(x->rules, P_ROUNDING, x->region) == ROUND_YUAN
                                      ? "rounded to the yuan, half away from zero"
                                      : "rounded to the fen, half away from zero")
                               : "not eligible");
    targeting_steps(x, k);
    explain_step(x, P, k + 1, "paid", VALUE_YUAN, explain_yuan(o->paid ? o->payment : 0), "%s%s",
                 why(o), o->review_exit ? "; removed at this month's review" : "");
}

void explain_dibao(struct explain_month *x)
{
    household_steps(x);
    const struct household_month *d = &x->t->dibao[x->month];
    for (int k = 0; k < d->units.n; k++) unit_steps(x, k);
    const struct program_month *pm = &x->t->months.program[x->month][PROGRAM_DIBAO];
    explain_step(x, P, 0, "paid", VALUE_YUAN, explain_yuan(pm->paid),
                 "the household's dibao: the sum over its %d units (%d paid; entitled %.2f)",
                 d->units.n, pm->paid_units, explain_yuan(pm->entitled));
}
