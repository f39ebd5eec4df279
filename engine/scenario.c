/* scenario — see scenario.h.
 *
 * The key table below is the single declaration of what a scenario may hold; config.c reads a
 * file through it (extends, unknown keys, defaults, types and ranges). What the table cannot say
 * (years, tier bands, the tiers mode needing bands) is checked here. The merged tree is kept as
 * the resolved scenario. */
#include "scenario.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "config.h"
#include "memory.h"

#define AT(field) offsetof(struct scenario, field)
/* A numeric key (a lever) and a yes/no or choice key (a switch): each a policy parameter, with
 * its id (enum policy_param) and how it is resolved exactly (enum exactness). */
#define LEVER(id, exactness) .type = CFG_PARAM, .param = (id), .exact = EXACT_##exactness
#define SWITCH(id, kind) .type = CFG_##kind, .param = (id), .exact = EXACT_SWITCH
#define NOLIMIT 1e12

static int parse_years(void *base, const struct ynode *v, const char *path, struct error *err);
static int parse_tiers(void *base, const struct ynode *v, const char *path, struct error *err);
static int parse_top_ups(void *base, const struct ynode *v, const char *path, struct error *err);
static int parse_who(void *base, const struct ynode *v, const char *path, struct error *err);
static int parse_schedule(void *base, const struct ynode *v, const char *path, struct error *err);
static int parse_shock_tiers(void *base, const struct ynode *v, const char *path,
                             struct error *err);
static int parse_projection_years(void *base, const struct ynode *v, const char *path,
                                  struct error *err);
static int parse_age_schedule(void *base, const struct ynode *v, const char *path,
                              struct error *err);
static int parse_onset_levels(void *base, const struct ynode *v, const char *path,
                              struct error *err);
static int parse_replications(void *base, const struct ynode *v, const char *path,
                              struct error *err);
static int parse_alignment(void *base, const struct ynode *v, const char *path,
                           struct error *err);
static int parse_uncertain(void *scenario, const struct ynode *v, const char *path,
                           struct error *err);
static int parse_sweep(void *scenario, const struct ynode *v, const char *path,
                       struct error *err);

#define SHARE {0, 1, 0, 0}
#define MULTIPLE {0, 1000, 0, 0}
#define MONEY {0, 1e6, 0, 0}
#define MONEY_OR_NULL {0, 1e6, 1, 0}
#define MULTIPLE_OR_NULL {0, 1000, 1, 0}
#define RATE {-0.5, 1, 0, 0}
#define AGE {0, 120, 0, 0}

static const struct config_key KEYS[] = {
    {.path = "name", .type = CFG_TEXT, .offset = AT(name), .unit = "", .source = "",
     .description = "Scenario name, its group in results files (letters, digits, `-`, `_`, `.`). "
                    "Default: the file name without `.yaml`."},
    {.path = "description", .type = CFG_TEXT, .offset = AT(description), .default_yaml = "\"\"",
     .unit = "", .source = "", .description = "Free text."},
    {.path = "extends", .type = CFG_TEXT, .unit = "", .source = "",
     .description = "A scenario file this one overrides (path relative to this file); deep merge, "
                    "a list replaces a list."},
    {.path = "years", .type = CFG_CUSTOM, .parse = parse_years, .type_name = "years",
     .default_yaml = "2016", .unit = "year", .source = "study: 2016 figures",
     .description = "Simulated years, `2016` or `2016:2020`; `--years` overrides."},
    {.path = "poverty_line", LEVER(P_POVERTY_LINE, FEN), .offset = AT(poverty_line),
     .bounds = {0, NOLIMIT, 0, 0}, .default_yaml = "3026", .unit = "yuan/person/year",
     .source = "study sec. 一(三), 二.5 (2016)",
     .description = "Poverty line for poverty measures (national line 2016: 3,026)."},
    {.path = "dibao", .type = CFG_SECTION, .unit = "", .source = "rules.md 2",
     .description = "Minimum living guarantee."},
    {.path = "dibao.unit", SWITCH(P_UNIT, CHOICE), .offset = AT(dibao.unit),
     .choices = "household|family", .default_yaml = "household", .unit = "",
     .source = "rules.md 1; study sec. 三.1",
     .description = "Assessment unit: the hukou `household` (the poverty registry's unit) or each "
                    "`family` inside it (parents with unmarried children: civil affairs' unit)."},
    {.path = "dibao.hukou", SWITCH(P_HUKOU, CHOICE), .offset = AT(dibao.hukou),
     .choices = "rural|urban", .default_yaml = "rural", .unit = "", .source = "rules.md 2",
     .description = "Hukou type the program serves."},
    {.path = "dibao.standard", LEVER(P_STANDARD, FEN), .offset = AT(dibao.standard),
     .bounds = {0, 1e6, 0, 0}, .unit = "yuan/person/month",
     .source = "study sec. 一(三): 288 → 320 in 2016",
     .description = "The dibao standard (required)."},
    {.path = "dibao.income", .type = CFG_SECTION, .unit = "", .source = "rules.md 2",
     .description = "Counted and assessed income."},
    {.path = "dibao.income.exempt_basic_pension", SWITCH(P_EXEMPT_PENSION, BOOL),
     .offset = AT(dibao.income.exempt_basic_pension), .default_yaml = "true", .unit = "",
     .source = "rules.md 2 (national practice)",
     .description = "Leave residents' basic pension out of counted income."},
    {.path = "dibao.income.rigid_expenses", .type = CFG_SECTION, .unit = "",
     .source = "rules.md 3.1; study sec. 四.三 (刚性支出)",
     .description = "Deduct rigid expenses from counted income."},
    {.path = "dibao.income.rigid_expenses.enabled", SWITCH(P_RIGID_ENABLED, BOOL),
     .offset = AT(dibao.income.rigid_expenses.enabled), .default_yaml = "false", .unit = "",
     .source = "rules.md 3.1", .description = "Switch the deduction on."},
    {.path = "dibao.income.rigid_expenses.medical", SWITCH(P_RIGID_MEDICAL, BOOL),
     .offset = AT(dibao.income.rigid_expenses.medical), .default_yaml = "true", .unit = "",
     .source = "rules.md 3.1", .description = "Deduct members' out-of-pocket medical spending."},
    {.path = "dibao.income.rigid_expenses.education", SWITCH(P_RIGID_EDUCATION, BOOL),
     .offset = AT(dibao.income.rigid_expenses.education), .default_yaml = "true", .unit = "",
     .source = "rules.md 3.1",
     .description = "Deduct members' education spending above `education_threshold`."},
    {.path = "dibao.income.rigid_expenses.education_threshold", LEVER(P_EDUCATION_THRESHOLD, FEN),
     .offset = AT(dibao.income.rigid_expenses.education_threshold), .bounds = MONEY,
     .default_yaml = "0", .unit = "yuan/year", .source = "rules.md 3.1",
     .description = "Education spending below this (per student) is not deducted."},
    {.path = "dibao.income.rigid_expenses.share", LEVER(P_RIGID_SHARE, MICRO),
     .offset = AT(dibao.income.rigid_expenses.share), .bounds = SHARE, .default_yaml = "1",
     .unit = "share", .source = "rules.md 3.1", .description = "Share of the expenses deducted."},
    {.path = "dibao.income.rigid_expenses.cap_share_of_income", LEVER(P_RIGID_CAP, MICRO),
     .offset = AT(dibao.income.rigid_expenses.cap_share_of_income), .bounds = SHARE,
     .default_yaml = "1", .unit = "share", .source = "rules.md 3.1",
     .description = "The deduction never exceeds this share of counted income less the "
                    "work-cost deduction."},
    {.path = "dibao.income.work_cost", .type = CFG_SECTION, .unit = "",
     .source = "rules.md 3.2; study sec. 四.三 (扣减工作成本)",
     .description = "Deduct work costs from the wages of employed members."},
    {.path = "dibao.income.work_cost.mode", SWITCH(P_WORK_MODE, CHOICE),
     .offset = AT(dibao.income.work_cost.mode),
     .choices = "none|fixed|share_of_standard|share_of_wage", .default_yaml = "none", .unit = "",
     .source = "rules.md 3.2",
     .description = "Per worker, min(wage, amount) with amount `fixed`, `share` × std or `share` "
                    "× wage."},
    {.path = "dibao.income.work_cost.amount", LEVER(P_WORK_AMOUNT, FEN),
     .offset = AT(dibao.income.work_cost.amount), .bounds = MONEY, .default_yaml = "0",
     .unit = "yuan/month", .source = "rules.md 3.2", .description = "The `fixed` amount."},
    {.path = "dibao.income.work_cost.share", LEVER(P_WORK_SHARE, MICRO),
     .offset = AT(dibao.income.work_cost.share), .bounds = MULTIPLE, .default_yaml = "0.3",
     .unit = "share", .source = "rules.md 3.2 (Ganzhou 0.30)",
     .description = "Share of the standard or of the wage."},
    {.path = "dibao.income.work_cost.cap", LEVER(P_WORK_CAP, FEN),
     .offset = AT(dibao.income.work_cost.cap), .bounds = MONEY_OR_NULL, .default_yaml = "null",
     .unit = "yuan/month", .source = "rules.md 3.2", .description = "Most deducted per worker."},
    {.path = "dibao.income.work_cost.disabled_share", LEVER(P_WORK_DISABLED_SHARE, MICRO),
     .offset = AT(dibao.income.work_cost.disabled_share), .bounds = {0, 1000, 1, 0},
     .default_yaml = "null", .unit = "share", .source = "rules.md 3.2 (Fujian 0.5)",
     .description = "Replaces `share` for workers with a disability (level 1-4)."},
    {.path = "dibao.top_ups", .type = CFG_CUSTOM, .parse = parse_top_ups,
     .type_name = "list of {who, share}", .default_yaml = "[]", .unit = "share of std",
     .source = "rules.md 3.3; study sec. 一(四) (分类施保)",
     .description = "Each member of a paid unit in category `who` (disability_1_2, "
                    "disability_3_4, serious_illness, age_70_plus, age_80_plus, minor) adds "
                    "share × std a month."},
    {.path = "dibao.top_up_stacking", SWITCH(P_TOP_UP_STACKING, CHOICE),
     .offset = AT(dibao.top_up_stacking),
     .choices = "max|sum", .default_yaml = "max", .unit = "", .source = "rules.md 3.3",
     .description = "A member in several categories gets the largest share, or their sum."},
    {.path = "dibao.separate_registration", .type = CFG_SECTION, .unit = "",
     .source = "rules.md 3.4; study sec. 一(四) (单独立户)",
     .description = "Members of a unit that is not eligible as a whole become units of one."},
    {.path = "dibao.separate_registration.enabled", SWITCH(P_SEPARATION_ENABLED, BOOL),
     .offset = AT(dibao.separate_registration.enabled), .default_yaml = "false", .unit = "",
     .source = "rules.md 3.4", .description = "Switch separate registration on."},
    {.path = "dibao.separate_registration.who", .type = CFG_CUSTOM, .parse = parse_who,
     .type_name = "list of categories", .default_yaml = "[disability_1_2, serious_illness]",
     .unit = "", .source = "study sec. 一(四): 一、二级残疾人或重病患者",
     .description = "Categories of members separated: those of top_ups and "
                    "intellectual_mental_3."},
    {.path = "dibao.separate_registration.households", SWITCH(P_SEPARATION_HOUSEHOLDS, CHOICE),
     .offset = AT(dibao.separate_registration.households),
     .choices = "registered_poor|edge|any", .default_yaml = "registered_poor", .unit = "",
     .source = "study sec. 一(四) (2016 Taiyuan); national 2021 rule (edge)",
     .description = "Whose units: registered-poor households, units with pc below "
                    "edge_multiple × std, or any."},
    {.path = "dibao.separate_registration.edge_multiple", LEVER(P_EDGE_MULTIPLE, MICRO),
     .offset = AT(dibao.separate_registration.edge_multiple), .bounds = MULTIPLE,
     .default_yaml = "1.5", .unit = "× std", .source = "rules.md 3.4 (2021 national rule)",
     .description = "The `edge` condition on the whole unit's pc."},
    {.path = "dibao.separate_registration.floor_share", LEVER(P_FLOOR_SHARE, MICRO),
     .offset = AT(dibao.separate_registration.floor_share), .bounds = SHARE, .default_yaml = "0",
     .unit = "share of std", .source = "rules.md 3.4 (Qingdao 0.6)",
     .description = "A separated unit is paid at least this share of std."},
    {.path = "dibao.gradual_exit", .type = CFG_SECTION, .unit = "",
     .source = "rules.md 3.7; study sec. 四.三 (低保渐退)",
     .description = "Gradual exit for recipients whose wages rise."},
    {.path = "dibao.gradual_exit.enabled", SWITCH(P_EXIT_ENABLED, BOOL),
     .offset = AT(dibao.gradual_exit.enabled), .default_yaml = "false", .unit = "",
     .source = "rules.md 3.7", .description = "Switch gradual exit on."},
    {.path = "dibao.gradual_exit.mode", SWITCH(P_EXIT_MODE, CHOICE),
     .offset = AT(dibao.gradual_exit.mode),
     .choices = "taper|disregard", .default_yaml = "taper", .unit = "", .source = "rules.md 3.7",
     .description = "`taper`: a unit failing only the income test after its wages rose is paid "
                    "a falling share of its last benefit; `disregard`: a new earner's wage is "
                    "left out for some months."},
    {.path = "dibao.gradual_exit.schedule", .type = CFG_CUSTOM, .parse = parse_schedule,
     .type_name = "list of shares", .default_yaml = "[1, 1, 0.8, 0.8, 0.6, 0.6]",
     .unit = "share of last benefit", .source = "rules.md 3.7 (Beijing draft)",
     .description = "Taper: exit month k pays schedule[k] × the last normal payment."},
    {.path = "dibao.gradual_exit.registered_poor_months", LEVER(P_EXIT_POOR_MONTHS, WHOLE),
     .offset = AT(dibao.gradual_exit.registered_poor_months), .bounds = {0, 120, 1, 0},
     .default_yaml = "null", .unit = "months", .source = "rules.md 3.7 (Hebei 12)",
     .description = "Taper: registry households' schedule lengthened to this many months, "
                    "repeating its last share."},
    {.path = "dibao.gradual_exit.months", LEVER(P_DISREGARD_MONTHS, WHOLE),
     .offset = AT(dibao.gradual_exit.months), .bounds = {0, 120, 0, 0}, .default_yaml = "6",
     .unit = "months", .source = "rules.md 3.7",
     .description = "Disregard: months a new earner's wage is left out."},
    {.path = "dibao.gradual_exit.cap_multiple", LEVER(P_DISREGARD_CAP, MICRO),
     .offset = AT(dibao.gradual_exit.cap_multiple), .bounds = MULTIPLE, .default_yaml = "3",
     .unit = "× std", .source = "rules.md 3.7 (Zhejiang 3)",
     .description = "Disregard: at most this much of the wage a month is left out."},
    {.path = "dibao.review", .type = CFG_SECTION, .unit = "",
     .source = "rules.md 3.8 (动态管理)",
     .description = "Decide dibao at reviews and applications and keep it in between; start "
                    "from the population's caseload (receiving_dibao)."},
    {.path = "dibao.review.enabled", SWITCH(P_REVIEW_ENABLED, BOOL),
     .offset = AT(dibao.review.enabled),
     .default_yaml = "false", .unit = "", .source = "rules.md 3.8",
     .description = "Switch reviews on (off: every unit is assessed every month)."},
    {.path = "dibao.review.interval_months", LEVER(P_REVIEW_INTERVAL, WHOLE),
     .offset = AT(dibao.review.interval_months), .bounds = {1, 120, 0, 0}, .default_yaml = "12",
     .unit = "months", .source = "rules.md 3.8 (rural recipients at least yearly)",
     .description = "Months between reviews (a whole number)."},
    {.path = "dibao.review.month", LEVER(P_REVIEW_MONTH, WHOLE), .offset = AT(dibao.review.month),
     .bounds = {1, 12, 0, 0}, .default_yaml = "12", .unit = "month (1-12)",
     .source = "rules.md 3.8",
     .description = "Reviews fall in the months whose number year × 12 + month is congruent to "
                    "this modulo interval_months (default: every December)."},
    {.path = "dibao.review.coverage", LEVER(P_REVIEW_COVERAGE, MICRO),
     .offset = AT(dibao.review.coverage),
     .bounds = SHARE, .default_yaml = "1", .unit = "probability", .source = "rules.md 3.8",
     .description = "A unit on the caseload is actually reviewed at a review month with this "
                    "probability (drawn per unit and month)."},
    {.path = "dibao.review.application_probability", LEVER(P_APPLICATION, MICRO),
     .offset = AT(dibao.review.application_probability), .bounds = SHARE, .default_yaml = "1",
     .unit = "probability/month", .source = "rules.md 3.8",
     .description = "A unit off the caseload that would be paid applies with this probability "
                    "a month (drawn per unit and month)."},
    {.path = "dibao.review.stale_benefit_share", LEVER(P_STALE_SHARE, MICRO),
     .offset = AT(dibao.review.stale_benefit_share), .bounds = SHARE, .default_yaml = "0.3",
     .unit = "share of std", .source = "rules.md 3.8",
     .description = "A starting recipient unit that is not eligible is paid this × std × size a "
                    "month until a review."},
    {.path = "dibao.support", .type = CFG_SECTION, .unit = "", .source = "rules.md 3.6 (赡养费)",
     .description = "Impute support from adult children outside the household."},
    {.path = "dibao.support.enabled", SWITCH(P_SUPPORT_ENABLED, BOOL),
     .offset = AT(dibao.support.enabled),
     .default_yaml = "false", .unit = "", .source = "rules.md 3.6",
     .description = "Switch the imputation on."},
    {.path = "dibao.support.parent_min_age", LEVER(P_PARENT_MIN_AGE, WHOLE),
     .offset = AT(dibao.support.parent_min_age), .bounds = {0, 120, 0, 0},
     .default_yaml = "60", .unit = "years", .source = "rules.md 3.6",
     .description = "Members this old or older are the children's to support."},
    {.path = "dibao.support.share", LEVER(P_SUPPORT_SHARE, MICRO),
     .offset = AT(dibao.support.share),
     .bounds = SHARE, .default_yaml = "0.5", .unit = "share", .source = "rules.md 3.6",
     .description = "Share of each child's income above the base imputed as support."},
    {.path = "dibao.support.share_three_or_more", LEVER(P_SUPPORT_SHARE_3, MICRO),
     .offset = AT(dibao.support.share_three_or_more), .bounds = SHARE, .default_yaml = "0.4",
     .unit = "share", .source = "rules.md 3.6", .description = "The share with 3 or more children."},
    {.path = "dibao.support.base_multiple", LEVER(P_SUPPORT_BASE, MICRO),
     .offset = AT(dibao.support.base_multiple), .bounds = MULTIPLE, .default_yaml = "1",
     .unit = "× std", .source = "rules.md 3.6",
     .description = "The children keep this multiple of std per capita."},
    {.path = "dibao.benefit", .type = CFG_SECTION, .unit = "", .source = "rules.md 2",
     .description = "How the monthly benefit is computed."},
    {.path = "dibao.benefit.mode", SWITCH(P_BENEFIT_MODE, CHOICE), .offset = AT(dibao.benefit.mode),
     .choices = "gap|tiers", .default_yaml = "gap", .unit = "", .source = "study sec. 一(三)",
     .description = "`gap`: (std − pc) × size (差额补助); `tiers`: banded shares of std (分档)."},
    {.path = "dibao.benefit.min_share", LEVER(P_MIN_SHARE, MICRO),
     .offset = AT(dibao.benefit.min_share),
     .bounds = {0, 1, 0, 0}, .default_yaml = "0", .unit = "share of std",
     .source = "rules.md 2 (0.2 is common)",
     .description = "Gap mode floor: the benefit is at least min_share × std × size."},
    {.path = "dibao.benefit.tiers", .type = CFG_CUSTOM, .parse = parse_tiers,
     .type_name = "list of {below, pays}", .default_yaml = "[]", .unit = "share of std",
     .source = "rules.md 2",
     .description = "Tiers mode: `below` increasing, the last at least 1; a unit gets pays × std × "
                    "size of the first band with pc < below × std."},
    {.path = "dibao.benefit.rounding", SWITCH(P_ROUNDING, CHOICE),
     .offset = AT(dibao.benefit.rounding),
     .choices = "fen|yuan", .default_yaml = "fen", .unit = "", .source = "rules.md 2",
     .description = "Rounding of each monthly payment, half away from zero."},
    {.path = "dibao.assets", .type = CFG_SECTION, .unit = "", .source = "rules.md 3.5",
     .description = "Asset test on the household's assets; `null` switches a test off."},
    {.path = "dibao.assets.financial_months", LEVER(P_FINANCIAL_MONTHS, MICRO),
     .offset = AT(dibao.assets.financial_months), .bounds = {0, NOLIMIT, 1, 0},
     .default_yaml = "24", .unit = "months of std", .source = "rules.md 3.5 (assumption)",
     .description = "Per-capita financial assets (household total / household persons) must not "
                    "exceed this many months of the standard."},
    {.path = "dibao.assets.max_vehicles", LEVER(P_MAX_VEHICLES, WHOLE),
     .offset = AT(dibao.assets.max_vehicles), .bounds = {0, NOLIMIT, 1, 0}, .default_yaml = "0",
     .unit = "vehicles", .source = "rules.md 3.5; study sec. 一(二)",
     .description = "Most vehicles the household may own."},
    {.path = "dibao.assets.max_houses", LEVER(P_MAX_HOUSES, WHOLE),
     .offset = AT(dibao.assets.max_houses),
     .bounds = {0, NOLIMIT, 1, 0}, .default_yaml = "1", .unit = "houses",
     .source = "rules.md 3.5; study sec. 一(二)", .description = "Most houses the household may own."},
    {.path = "tekun", .type = CFG_SECTION, .unit = "", .source = "rules.md 4.4 (特困供养)",
     .description = "Extreme-poverty support; its members leave their dibao unit."},
    {.path = "tekun.enabled", SWITCH(P_TEKUN_ENABLED, BOOL), .offset = AT(tekun.enabled),
     .default_yaml = "false", .unit = "", .source = "rules.md 4.4",
     .description = "Persons with no work capacity (60+, under 16 or disability 1-2), no "
                    "income and no supporter are served by tekun, not dibao."},
    {.path = "tekun.standard_multiple", LEVER(P_TEKUN_MULTIPLE, MICRO),
     .offset = AT(tekun.standard_multiple),
     .bounds = MULTIPLE, .default_yaml = "1.3", .unit = "× std",
     .source = "rules.md 4.4 (assumption)", .description = "The tekun payment, per month."},
    {.path = "targeting", .type = CFG_SECTION, .unit = "", .source = "rules.md 5",
     .description = "Take-up and targeting errors (defaults: perfect targeting)."},
    {.path = "targeting.take_up", LEVER(P_TAKE_UP, MICRO), .offset = AT(targeting.take_up),
     .bounds = SHARE, .default_yaml = "1", .unit = "probability", .source = "rules.md 5",
     .description = "An eligible unit claims with this probability (drawn once a year)."},
    {.path = "targeting.income_error_sigma", LEVER(P_ERROR_SIGMA, MICRO),
     .offset = AT(targeting.income_error_sigma), .bounds = {0, 10, 0, 0}, .default_yaml = "0",
     .unit = "log sd", .source = "rules.md 5; study sec. 二.4, 三.3",
     .description = "The assessor sees assessed income × exp(σ·z), z standard normal."},
    {.path = "targeting.wrongful_inclusion", LEVER(P_WRONGFUL, MICRO),
     .offset = AT(targeting.wrongful_inclusion), .bounds = SHARE, .default_yaml = "0",
     .unit = "probability", .source = "rules.md 5 (关系保, 人情保)",
     .description = "A unit not eligible on the seen income, with pc below inclusion_multiple × "
                    "std, is paid anyway with this probability."},
    {.path = "targeting.inclusion_multiple", LEVER(P_INCLUSION_MULTIPLE, MICRO),
     .offset = AT(targeting.inclusion_multiple), .bounds = MULTIPLE, .default_yaml = "1.5",
     .unit = "× std", .source = "rules.md 5", .description = "Reach of wrongful inclusion."},
    {.path = "targeting.wrongful_benefit_share", LEVER(P_WRONGFUL_SHARE, MICRO),
     .offset = AT(targeting.wrongful_benefit_share), .bounds = SHARE, .default_yaml = "0.3",
     .unit = "share of std", .source = "rules.md 5",
     .description = "What a wrongly included unit is paid, × std × size, a month."},
    {.path = "medical_assistance", .type = CFG_SECTION, .unit = "",
     .source = "rules.md 4.1; study sec. 一(四) (医疗救助)",
     .description = "Annual reimbursement of out-of-pocket inpatient spending."},
    {.path = "medical_assistance.enabled", SWITCH(P_MEDICAL_ENABLED, BOOL),
     .offset = AT(medical_assistance.enabled),
     .default_yaml = "false", .unit = "", .source = "rules.md 4.1",
     .description = "Switch the program on: per person, min(cap, max(0, oop − deductible) × "
                    "ratio), the ratio of the first group that applies."},
    {.path = "medical_assistance.ratios", .type = CFG_SECTION, .unit = "", .source = "rules.md 4.1",
     .description = "Reimbursement ratio by group."},
    {.path = "medical_assistance.ratios.serious_illness", LEVER(P_MEDICAL_ILLNESS, MICRO),
     .offset = AT(medical_assistance.serious_illness), .bounds = SHARE, .default_yaml = "0.8",
     .unit = "share", .source = "study sec. 一(四)",
     .description = "A seriously ill priority person (member of a unit paid dibao in the year, or "
                    "of a registered-poor household)."},
    {.path = "medical_assistance.ratios.priority", LEVER(P_MEDICAL_PRIORITY, MICRO),
     .offset = AT(medical_assistance.priority), .bounds = SHARE, .default_yaml = "0.7",
     .unit = "share", .source = "study sec. 一(四): 2016 reform 0.60 → 0.70",
     .description = "Any other priority person."},
    {.path = "medical_assistance.ratios.low_income", LEVER(P_MEDICAL_LOW_INCOME, MICRO),
     .offset = AT(medical_assistance.low_income), .bounds = SHARE, .default_yaml = "0.5",
     .unit = "share", .source = "rules.md 4.1 (assumption)",
     .description = "A member of a low-income unit (1 ≤ pc/std < low_income_multiple in "
                    "December)."},
    {.path = "medical_assistance.low_income_multiple", LEVER(P_MEDICAL_LOW_MULTIPLE, MICRO),
     .offset = AT(medical_assistance.low_income_multiple), .bounds = MULTIPLE,
     .default_yaml = "2", .unit = "× std", .source = "rules.md 4.1",
     .description = "Upper edge of the low-income group."},
    {.path = "medical_assistance.cap", LEVER(P_MEDICAL_CAP, FEN),
     .offset = AT(medical_assistance.cap),
     .bounds = MONEY, .default_yaml = "30000", .unit = "yuan/year",
     .source = "rules.md 4.1 (assumption)", .description = "Most paid per person a year."},
    {.path = "medical_assistance.deductible", LEVER(P_MEDICAL_DEDUCTIBLE, FEN),
     .offset = AT(medical_assistance.deductible), .bounds = MONEY, .default_yaml = "0",
     .unit = "yuan/year", .source = "rules.md 4.1",
     .description = "Spending below this is not reimbursed."},
    {.path = "temporary_assistance", .type = CFG_SECTION, .unit = "",
     .source = "rules.md 4.2; study sec. 一(四) (临时救助)",
     .description = "One-off help after a shock (fire, accident, acute illness)."},
    {.path = "temporary_assistance.enabled", SWITCH(P_TEMPORARY_ENABLED, BOOL),
     .offset = AT(temporary_assistance.enabled), .default_yaml = "false", .unit = "",
     .source = "rules.md 4.2", .description = "Switch the program on."},
    {.path = "temporary_assistance.shock_probability", .type = CFG_SECTION, .unit = "",
     .source = "rules.md 4.2",
     .description = "A household's yearly shock probability, by registered-poor status."},
    {.path = "temporary_assistance.shock_probability.true", LEVER(P_SHOCK_POOR, MICRO),
     .offset = AT(temporary_assistance.probability_poor), .bounds = SHARE,
     .default_yaml = "0.02", .unit = "probability/year", .source = "rules.md 4.2 (assumption)",
     .description = "Registered-poor households."},
    {.path = "temporary_assistance.shock_probability.false", LEVER(P_SHOCK_OTHER, MICRO),
     .offset = AT(temporary_assistance.probability_other), .bounds = SHARE,
     .default_yaml = "0.005", .unit = "probability/year", .source = "rules.md 4.2 (assumption)",
     .description = "Other households."},
    {.path = "temporary_assistance.cost_median", LEVER(P_SHOCK_MEDIAN, FEN),
     .offset = AT(temporary_assistance.cost_median), .bounds = MONEY, .default_yaml = "5000",
     .unit = "yuan", .source = "rules.md 4.2 (assumption)",
     .description = "Median cost of a shock (lognormal)."},
    {.path = "temporary_assistance.cost_sigma", LEVER(P_SHOCK_SIGMA, MICRO),
     .offset = AT(temporary_assistance.cost_sigma), .bounds = {0, 10, 0, 0},
     .default_yaml = "1", .unit = "log sd", .source = "rules.md 4.2 (assumption)",
     .description = "Spread of the cost (lognormal)."},
    {.path = "temporary_assistance.tiers", .type = CFG_CUSTOM, .parse = parse_shock_tiers,
     .type_name = "list of {multiple_at_least, pays}",
     .default_yaml = "[{multiple_at_least: 1, pays: 3000}, {multiple_at_least: 2, pays: 5000}, "
                     "{multiple_at_least: 3, pays: 8000}]",
     .unit = "×, yuan", .source = "Taiyuan 2015 procedures (rules.md 4.2)",
     .description = "The highest tier whose multiple of cost / annual household income is met "
                    "pays min(cost, pays); multiples increasing."},
    {.path = "temporary_assistance.payout_share", LEVER(P_SHOCK_PAYOUT_SHARE, MICRO),
     .offset = AT(temporary_assistance.payout_share), .bounds = SHARE, .default_yaml = "1",
     .unit = "share", .source = "study sec. 二 (Yangqu 665 vs Loufan 2,141 yuan)",
     .description = "Share of the tier actually paid (local practice)."},
    {.path = "elderly_allowance", .type = CFG_SECTION, .unit = "",
     .source = "rules.md 4.3; study sec. 一(四) (高龄, 失能补贴)",
     .description = "Monthly allowances for old and disabled members of paid dibao units."},
    {.path = "elderly_allowance.enabled", SWITCH(P_ELDERLY_ENABLED, BOOL),
     .offset = AT(elderly_allowance.enabled),
     .default_yaml = "false", .unit = "", .source = "rules.md 4.3",
     .description = "Switch the allowances on."},
    {.path = "elderly_allowance.age_80_99", LEVER(P_ELDERLY_80, FEN),
     .offset = AT(elderly_allowance.age_80_99), .bounds = MONEY, .default_yaml = "30",
     .unit = "yuan/person/month", .source = "study sec. 一(四)",
     .description = "Members aged 80-99."},
    {.path = "elderly_allowance.disabled_60_99", LEVER(P_ELDERLY_DISABLED, FEN),
     .offset = AT(elderly_allowance.disabled_60_99), .bounds = MONEY, .default_yaml = "60",
     .unit = "yuan/person/month", .source = "study sec. 一(四)",
     .description = "Members aged 60-99 with disability level 1-2."},
    {.path = "elderly_allowance.stacking", SWITCH(P_ELDERLY_STACKING, CHOICE),
     .offset = AT(elderly_allowance.stacking), .choices = "max|sum", .default_yaml = "sum",
     .unit = "", .source = "rules.md 4.3",
     .description = "A member who qualifies for both gets their sum or the larger."},
    {.path = "projection", .type = CFG_SECTION, .unit = "", .source = "rules.md 6",
     .description = "Multi-year projection: growth, indexation and transitions. The population "
                    "is closed except for deaths: nobody is born or moves in or out."},
    {.path = "projection.years", .type = CFG_CUSTOM, .parse = parse_projection_years,
     .type_name = "years or null", .default_yaml = "null", .unit = "year", .source = "rules.md 6",
     .description = "Projected years `2016:2020`; replaces `years` when given; `--years` "
                    "overrides both."},
    {.path = "projection.wage_growth", LEVER(P_WAGE_GROWTH, MICRO),
     .offset = AT(projection.wage_growth),
     .bounds = RATE, .default_yaml = "0", .unit = "a year", .source = "rules.md 6",
     .description = "Wages (and new jobs' median wage) grow by this each January after the "
                    "first year."},
    {.path = "projection.income_growth", LEVER(P_INCOME_GROWTH, MICRO),
     .offset = AT(projection.income_growth),
     .bounds = RATE, .default_yaml = "0", .unit = "a year", .source = "rules.md 6",
     .description = "Business, property and transfer income and the basic pension grow by this "
                    "each January after the first year."},
    {.path = "projection.standard_indexation", LEVER(P_STANDARD_INDEXATION, MICRO),
     .offset = AT(projection.standard_indexation), .bounds = RATE, .default_yaml = "0",
     .unit = "a year", .source = "rules.md 6",
     .description = "The dibao standard in force rises by this each January after it took "
                    "effect (an undated value: after the first year)."},
    {.path = "projection.poverty_line_indexation", LEVER(P_LINE_INDEXATION, MICRO),
     .offset = AT(projection.poverty_line_indexation), .bounds = RATE, .default_yaml = "0",
     .unit = "a year", .source = "rules.md 7",
     .description = "The poverty line rises likewise."},
    {.path = "projection.aging", SWITCH(P_AGING, BOOL), .offset = AT(projection.aging),
     .default_yaml = "true", .unit = "", .source = "rules.md 6",
     .description = "Everyone alive grows one year older each January after the first year."},
    {.path = "projection.mortality", .type = CFG_SECTION, .unit = "", .source = "rules.md 6",
     .description = "Life table: annual death probability by age band and sex (drawn monthly)."},
    {.path = "projection.mortality.male", .type = CFG_CUSTOM, .parse = parse_age_schedule,
     .offset = AT(projection.mortality_male), .type_name = "list of {from_age, rate}",
     .default_yaml = "[]", .unit = "probability/year", .source = "rules.md 6",
     .description = "Men; bands start at 0 and increase; `[]`: nobody dies."},
    {.path = "projection.mortality.female", .type = CFG_CUSTOM, .parse = parse_age_schedule,
     .offset = AT(projection.mortality_female), .type_name = "list of {from_age, rate}",
     .default_yaml = "[]", .unit = "probability/year", .source = "rules.md 6",
     .description = "Women, likewise."},
    {.path = "projection.disability_onset", .type = CFG_CUSTOM, .parse = parse_age_schedule,
     .offset = AT(projection.disability_onset), .type_name = "list of {from_age, rate}",
     .default_yaml = "[]", .unit = "probability/year", .source = "rules.md 6",
     .description = "A person without a disability acquires one (drawn monthly)."},
    {.path = "projection.disability_onset_levels", .type = CFG_CUSTOM,
     .parse = parse_onset_levels, .type_name = "list of 4 shares",
     .default_yaml = "[0.1, 0.2, 0.3, 0.4]", .unit = "share", .source = "assumption",
     .description = "Level (1-4) of a new disability."},
    {.path = "projection.illness_onset", .type = CFG_CUSTOM, .parse = parse_age_schedule,
     .offset = AT(projection.illness_onset), .type_name = "list of {from_age, rate}",
     .default_yaml = "[]", .unit = "probability/year", .source = "rules.md 6",
     .description = "A person not seriously ill becomes so (drawn monthly; no recovery)."},
    {.path = "projection.jobs", .type = CFG_SECTION, .unit = "", .source = "rules.md 3.7, 6",
     .description = "Monthly job entry and exit of able-bodied adults (no disability, not "
                    "seriously ill, not a student, aged min_age-max_age); they drive gradual "
                    "exit."},
    {.path = "projection.jobs.entry", LEVER(P_JOB_ENTRY, MICRO),
     .offset = AT(projection.jobs.entry),
     .bounds = SHARE, .default_yaml = "0", .unit = "probability/month", .source = "rules.md 6",
     .description = "A person without a job finds one, with a new wage."},
    {.path = "projection.jobs.exit", LEVER(P_JOB_EXIT, MICRO), .offset = AT(projection.jobs.exit),
     .bounds = SHARE, .default_yaml = "0", .unit = "probability/month", .source = "rules.md 6",
     .description = "A person with a job loses it (wage 0)."},
    {.path = "projection.jobs.wage_median", LEVER(P_JOB_WAGE_MEDIAN, FEN),
     .offset = AT(projection.jobs.wage_median), .bounds = MONEY, .default_yaml = "1500",
     .unit = "yuan/month", .source = "assumption",
     .description = "Median of a new job's wage (lognormal), in the first year's yuan."},
    {.path = "projection.jobs.wage_sigma", LEVER(P_JOB_WAGE_SIGMA, MICRO),
     .offset = AT(projection.jobs.wage_sigma), .bounds = {0, 10, 0, 0}, .default_yaml = "0.5",
     .unit = "log sd", .source = "assumption", .description = "Spread of a new job's wage."},
    {.path = "projection.jobs.min_age", LEVER(P_JOB_MIN_AGE, WHOLE),
     .offset = AT(projection.jobs.min_age),
     .bounds = AGE, .default_yaml = "16", .unit = "years", .source = "rules.md 4.4",
     .description = "Youngest age with job transitions."},
    {.path = "projection.jobs.max_age", LEVER(P_JOB_MAX_AGE, WHOLE),
     .offset = AT(projection.jobs.max_age),
     .bounds = AGE, .default_yaml = "59", .unit = "years", .source = "rules.md 4.4",
     .description = "Oldest age with job transitions."},
    {.path = "projection.registry", .type = CFG_SECTION, .unit = "", .source = "rules.md 6",
     .description = "Registry dynamics: registered-poor (建档立卡) households leaving the "
                    "registry, and extra income growth while registered."},
    {.path = "projection.registry.exit_income_multiple", LEVER(P_REGISTRY_EXIT_MULTIPLE, MICRO),
     .offset = AT(projection.registry.exit_income_multiple), .bounds = MULTIPLE_OR_NULL,
     .default_yaml = "null", .unit = "× poverty line", .source = "rules.md 6",
     .description = "Each December (the base year's included), a registered household whose "
                    "per-capita income over the year (the twelve months' wage, business, "
                    "property, transfer income and basic pension of its living members, over "
                    "December's living members) exceeds this multiple of the year's poverty "
                    "line, and none of whose units was paid dibao in December, leaves the "
                    "registry from January; `null`: nobody leaves."},
    {.path = "projection.registry.exit_probability", LEVER(P_REGISTRY_EXIT_PROBABILITY, MICRO),
     .offset = AT(projection.registry.exit_probability), .bounds = SHARE, .default_yaml = "1",
     .unit = "probability/year", .source = "rules.md 6",
     .description = "Probability that such a household leaves (drawn per household-year)."},
    {.path = "projection.registry.income_growth", LEVER(P_REGISTRY_GROWTH, MICRO),
     .offset = AT(projection.registry.income_growth), .bounds = RATE, .default_yaml = "0",
     .unit = "a year", .source = "rules.md 6",
     .description = "Each January after the first year, the wages and business, property and "
                    "transfer income (not the basic pension) of households registered then grow "
                    "by this on top of wage_growth and income_growth (a second step, rounded to "
                    "the fen)."},
    {.path = "projection.alignment", .type = CFG_CUSTOM, .parse = parse_alignment,
     .type_name = "list of {transition, by, totals, method}", .default_yaml = "[]", .unit = "",
     .source = "rules.md 6",
     .description = "Each: `transition` job_entry, job_exit, death, registry_exit or "
                    "review_exit; `by` all (totals `{year: value}`) or region (totals "
                    "`{region: {year: value}}`); totals in weighted persons (households for "
                    "registry_exit); `method` logit_shift (default: probabilities shifted by one "
                    "logit δ per group and year, totals held in expectation) or sort (registry "
                    "and review exits only: the smallest u/p taken, exact). review_exit: "
                    "persons removed at the year's review (dibao.review on, one review month a "
                    "year; the year is run twice). A year or region without a total is not "
                    "aligned."},
    {.path = "budget", .type = CFG_CUSTOM, .parse = budget_parse, .offset = AT(budget),
     .items = "<program>", .item_keys = budget_fund_keys,
     .type_name = "map {program: {...}}", .default_yaml = "{}", .unit = "", .source = "issue 16",
     .description = "Each program's fund (tekun, dibao, elderly_allowance, temporary_assistance, "
                    "medical_assistance): its balance month by month, region by region, against "
                    "the program's spending; the keys below. `<program>: null` drops a fund "
                    "the extended file declares."},
    {.path = "sensitivity", .type = CFG_SECTION, .unit = "", .source = "issue 6",
     .description = "Uncertain parameters and replications (common random numbers: only the "
                    "parameters differ between replications)."},
    {.path = "sensitivity.replications", .type = CFG_CUSTOM, .parse = parse_replications,
     .type_name = "whole number", .default_yaml = "0", .unit = "runs", .source = "",
     .description = "Replications, each drawing every uncertain parameter once (0: none)."},
    {.path = "sensitivity.parameters", .type = CFG_CUSTOM,
     .parse = parse_uncertain,
     .type_name = "list of {path, distribution, ...}", .default_yaml = "[]", .unit = "",
     .source = "", .description = "Each: `path` of a numeric parameter, `distribution` "
                    "uniform (min, max), normal (mean, sd), lognormal (median, sigma), beta "
                    "(alpha, beta, min, max) or triangular (min, mode, max), and `apply` replace "
                    "(the default) or scale. A tornado varies each from its 5th to its 95th "
                    "percentile with the others at their medians."},
    {.path = "sweep", .type = CFG_CUSTOM, .parse = parse_sweep,
     .type_name = "list of {path, from, to, step}", .default_yaml = "[]", .unit = "",
     .source = "issue 6", .description = "A grid over one or two parameter paths (`apply` "
                    "replace or scale, as above): every point is a run."},
};
static const struct config_table TABLE = {KEYS, sizeof KEYS / sizeof KEYS[0]};

int years_parse(const char *text, int *first, int *last)
{
    char *end;
    long a = strtol(text, &end, 10), b = a;
    if (end == text) return -1;
    if (*end == ':') {
        const char *rest = end + 1;
        b = strtol(rest, &end, 10);
        if (end == rest) return -1;
    }
    if (*end != '\0' || a < 1950 || b > 2200 || b < a) return -1;
    *first = (int)a;
    *last = (int)b;
    return 0;
}

static int parse_years(void *base, const struct ynode *v, const char *path, struct error *err)
{
    struct scenario *s = base;
    if (v->kind != YNODE_SCALAR || years_parse(v->text, &s->first_year, &s->last_year))
        return config_value_error(v, path, "a year or a range FROM:TO (1950 to 2200)", err);
    s->declared_first_year = s->first_year;
    s->declared_last_year = s->last_year;
    return 0;
}

/* A plain number within [0, max] for a list item's field. */
static int plain_number(double *out, const struct ynode *x, const char *path, double max,
                        struct error *err)
{
    const struct param_bounds bounds = {0, max, 0, 0};
    return config_number(out, x, path, &bounds, err);
}

/* Item i of list v, a mapping holding exactly keys a and b: their values into *va, *vb and the
 * item's path ("path[i]") into sub. */
static int pair_item(const struct ynode *v, size_t i, const char *path, const char *a,
                     const char *b, const struct ynode **va, const struct ynode **vb, char *sub,
                     size_t size, struct error *err)
{
    const struct ynode *t = v->items[i];
    snprintf(sub, size, "%s[%zu]", path, i);
    if (t->kind != YNODE_MAP) {
        char expected[64];
        snprintf(expected, sizeof expected, "a {%s, %s} mapping", a, b);
        return config_value_error(t, sub, expected, err);
    }
    for (size_t j = 0; j < t->n; j++)
        if (strcmp(t->keys[j], a) && strcmp(t->keys[j], b)) {
            const struct ymark *m = &t->key_marks[j];
            return err_set(err, ERR_INPUT, "%s:%d:%d: unknown key '%s.%s'; did you mean `%s`?",
                           m->file, m->line, m->column, sub, t->keys[j],
                           t->keys[j][0] == a[0] ? a : b);
        }
    *va = ytree_get(t, a);
    *vb = ytree_get(t, b);
    if (!*va || !*vb)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: `%s` and `%s` are both needed", t->mark.file,
                       t->mark.line, t->mark.column, sub, a, b);
    return 0;
}

static int parse_tiers(void *base, const struct ynode *v, const char *path, struct error *err)
{
    struct scenario *s = base;
    if (v->kind != YNODE_LIST) return config_value_error(v, path, "a list of {below, pays}", err);
    s->dibao.benefit.tiers = xcalloc(v->n + 1, sizeof *s->dibao.benefit.tiers);
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *below, *pays;
        char sub[256], name[300];
        if (pair_item(v, i, path, "below", "pays", &below, &pays, sub, sizeof sub, err)) return -1;
        struct tier *tier = &s->dibao.benefit.tiers[i];
        snprintf(name, sizeof name, "%s.below", sub);
        if (plain_number(&tier->below, below, name, 1000, err)) return -1;
        snprintf(name, sizeof name, "%s.pays", sub);
        if (plain_number(&tier->pays, pays, name, 1000, err)) return -1;
        if (i > 0 && tier->below <= tier[-1].below)
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s.below: bands must increase: %g after %g",
                           below->mark.file, below->mark.line, below->mark.column, sub,
                           tier->below, tier[-1].below);
        s->dibao.benefit.n_tiers = (int)i + 1;
    }
    if (v->n > 0 && s->dibao.benefit.tiers[v->n - 1].below < 1)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: the last band's `below` must be at least 1 "
                       "(it is %g)", v->mark.file, v->mark.line, v->mark.column, path,
                       s->dibao.benefit.tiers[v->n - 1].below);
    return 0;
}

/* A category name (enum category); -1 when unknown, after setting err at the node. */
static int category(const struct ynode *v, const char *path, int allow_separation_only,
                    struct error *err)
{
    int c = v->kind == YNODE_SCALAR ? choices_index(CATEGORY_NAMES, v->text) : -1;
    if (c < 0 || (c == CAT_INTELLECTUAL_MENTAL_3 && !allow_separation_only)) {
        config_value_error(v, path, allow_separation_only
                           ? "a category: " CATEGORY_NAMES
                           : "a category: disability_1_2|disability_3_4|serious_illness|"
                             "age_70_plus|age_80_plus|minor", err);
        return -1;
    }
    return c;
}

static int parse_top_ups(void *base, const struct ynode *v, const char *path, struct error *err)
{
    struct scenario *s = base;
    if (v->kind != YNODE_LIST) return config_value_error(v, path, "a list of {who, share}", err);
    s->dibao.top_ups = xcalloc(v->n + 1, sizeof *s->dibao.top_ups);
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *who, *share;
        char sub[256], name[300];
        if (pair_item(v, i, path, "who", "share", &who, &share, sub, sizeof sub, err)) return -1;
        snprintf(name, sizeof name, "%s.who", sub);
        int c = category(who, name, 0, err);
        if (c < 0) return -1;
        s->dibao.top_ups[i].who = c;
        snprintf(name, sizeof name, "%s.share", sub);
        if (plain_number(&s->dibao.top_ups[i].share, share, name, 1000, err)) return -1;
        s->dibao.n_top_ups = (int)i + 1;
    }
    return 0;
}

static int parse_who(void *base, const struct ynode *v, const char *path, struct error *err)
{
    struct scenario *s = base;
    if (v->kind != YNODE_LIST) return config_value_error(v, path, "a list of categories", err);
    s->dibao.separate_registration.who = 0;
    for (size_t i = 0; i < v->n; i++) {
        char sub[256];
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        int c = category(v->items[i], sub, 1, err);
        if (c < 0) return -1;
        s->dibao.separate_registration.who |= 1u << c;
    }
    return 0;
}

static int parse_schedule(void *base, const struct ynode *v, const char *path, struct error *err)
{
    struct scenario *s = base;
    if (v->kind != YNODE_LIST || v->n == 0)
        return config_value_error(v, path, "a non-empty list of shares", err);
    s->dibao.gradual_exit.schedule = xcalloc(v->n, sizeof *s->dibao.gradual_exit.schedule);
    for (size_t i = 0; i < v->n; i++) {
        char sub[256];
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        double *share = &s->dibao.gradual_exit.schedule[i];
        if (plain_number(share, v->items[i], sub, 1000, err)) return -1;
        if (*share > 1) return config_value_error(v->items[i], sub, "a share in [0, 1]", err);
        s->dibao.gradual_exit.n_schedule = (int)i + 1;
    }
    return 0;
}

static int parse_shock_tiers(void *base, const struct ynode *v, const char *path,
                             struct error *err)
{
    struct scenario *s = base;
    if (v->kind != YNODE_LIST)
        return config_value_error(v, path, "a list of {multiple_at_least, pays}", err);
    s->temporary_assistance.tiers = xcalloc(v->n + 1, sizeof *s->temporary_assistance.tiers);
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *multiple, *pays;
        char sub[256], name[300];
        if (pair_item(v, i, path, "multiple_at_least", "pays", &multiple, &pays, sub, sizeof sub,
                      err))
            return -1;
        struct shock_tier *tier = &s->temporary_assistance.tiers[i];
        snprintf(name, sizeof name, "%s.multiple_at_least", sub);
        if (plain_number(&tier->multiple_at_least, multiple, name, 1000, err)) return -1;
        snprintf(name, sizeof name, "%s.pays", sub);
        if (plain_number(&tier->pays, pays, name, 1e6, err)) return -1;
        if (i > 0 && tier->multiple_at_least <= tier[-1].multiple_at_least)
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s.multiple_at_least: multiples must "
                           "increase: %g after %g", multiple->mark.file, multiple->mark.line,
                           multiple->mark.column, sub, tier->multiple_at_least,
                           tier[-1].multiple_at_least);
        s->temporary_assistance.n_tiers = (int)i + 1;
    }
    return 0;
}

static int parse_projection_years(void *base, const struct ynode *v, const char *path,
                                  struct error *err)
{
    if (ytree_is_null(v)) return 0;
    return parse_years(base, v, path, err);
}

static int parse_age_schedule(void *field, const struct ynode *v, const char *path,
                              struct error *err)
{
    struct age_schedule *a = field;
    if (v->kind != YNODE_LIST) return config_value_error(v, path, "a list of {from_age, rate}", err);
    a->bands = xcalloc(v->n + 1, sizeof *a->bands);
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *from, *rate;
        char sub[256], name[300];
        double age;
        if (pair_item(v, i, path, "from_age", "rate", &from, &rate, sub, sizeof sub, err)) return -1;
        snprintf(name, sizeof name, "%s.from_age", sub);
        if (plain_number(&age, from, name, 1000, err)) return -1;
        if (age != (int)age || age > 120 || (i == 0 && age != 0) ||
            (i > 0 && age <= a->bands[i - 1].from_age))
            return config_value_error(from, name, i == 0 ? "0 (the first band starts at birth)"
                                                         : "a whole age above the band before, "
                                                           "at most 120", err);
        a->bands[i].from_age = (int)age;
        snprintf(name, sizeof name, "%s.rate", sub);
        if (plain_number(&a->bands[i].rate, rate, name, 1000, err)) return -1;
        if (a->bands[i].rate > 1) return config_value_error(rate, name, "a probability", err);
        a->n = (int)i + 1;
    }
    return 0;
}

static int parse_onset_levels(void *base, const struct ynode *v, const char *path,
                              struct error *err)
{
    struct scenario *s = base;
    if (v->kind != YNODE_LIST || v->n != 4)
        return config_value_error(v, path, "a list of 4 shares (levels 1-4) adding up to 1", err);
    double total = 0;
    for (size_t i = 0; i < 4; i++) {
        char sub[256];
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        if (plain_number(&s->projection.onset_levels[i], v->items[i], sub, 1000, err)) return -1;
        total += s->projection.onset_levels[i];
    }
    if (fabs(total - 1) > 1e-9)
        return config_value_error(v, path, "a list of 4 shares (levels 1-4) adding up to 1", err);
    return 0;
}

int scenario_lever_index(const char *path)
{
    for (size_t i = 0; i < TABLE.n; i++)
        if (KEYS[i].exact != EXACT_NONE && KEYS[i].exact != EXACT_SWITCH &&
            strcmp(KEYS[i].path, path) == 0)
            return KEYS[i].param;
    return -1;
}

/* ---- the sensitivity analysis and the sweep (their settings; sensitivity.c runs them) ---- */

#define ANY {-1e12, 1e12, 1, 0}
#define NUMBER(field, text) {.path = #field, .type = CFG_NUMBER, \
    .offset = offsetof(struct uncertain, field), .bounds = ANY, .default_yaml = "null", \
    .unit = "", .source = "", .description = text}

static const struct config_key UNCERTAIN_KEYS[] = {
    {.path = "path", .type = CFG_TEXT, .offset = offsetof(struct uncertain, path), .unit = "",
     .source = "", .description = "A numeric parameter's key path, such as dibao.standard."},
    {.path = "distribution", .type = CFG_CHOICE, .offset = offsetof(struct uncertain, distribution),
     .choices = DISTRIBUTION_NAMES, .unit = "", .source = "", .description = "Its distribution."},
    {.path = "apply", .type = CFG_CHOICE, .offset = offsetof(struct uncertain, apply),
     .choices = "replace|scale", .default_yaml = "replace", .unit = "", .source = "",
     .description = "The draw replaces the parameter or multiplies it."},
    NUMBER(min, "uniform, beta, triangular: lower end."),
    NUMBER(max, "uniform, beta, triangular: upper end."),
    NUMBER(mode, "triangular: the peak."),
    NUMBER(mean, "normal: the mean."),
    NUMBER(sd, "normal: the standard deviation."),
    NUMBER(median, "lognormal: the median."),
    NUMBER(sigma, "lognormal: the log standard deviation."),
    NUMBER(alpha, "beta: first shape."),
    NUMBER(beta, "beta: second shape."),
};
#undef NUMBER
static const struct config_table UNCERTAIN = {UNCERTAIN_KEYS,
                                              sizeof UNCERTAIN_KEYS / sizeof UNCERTAIN_KEYS[0]};

#define AXIS_NUMBER(field, text) {.path = #field, .type = CFG_NUMBER, \
    .offset = offsetof(struct sweep_axis, field), .bounds = {-1e12, 1e12, 0, 0}, .unit = "", \
    .source = "", .description = text}
static const struct config_key AXIS_KEYS[] = {
    {.path = "path", .type = CFG_TEXT, .offset = offsetof(struct sweep_axis, path), .unit = "",
     .source = "", .description = "A numeric parameter's key path."},
    {.path = "apply", .type = CFG_CHOICE, .offset = offsetof(struct sweep_axis, apply),
     .choices = "replace|scale", .default_yaml = "replace", .unit = "", .source = "",
     .description = "Grid values replace the parameter or multiply it."},
    AXIS_NUMBER(from, "First grid value."),
    AXIS_NUMBER(to, "Last grid value (reached when a whole number of steps away)."),
    AXIS_NUMBER(step, "Distance between grid values (> 0)."),
};
#undef AXIS_NUMBER
static const struct config_table AXIS = {AXIS_KEYS, sizeof AXIS_KEYS / sizeof AXIS_KEYS[0]};

/* Fields each distribution takes, in enum order. */
static const char *const DISTRIBUTION_FIELDS[] = {"min|max", "mean|sd", "median|sigma",
                                                  "alpha|beta|min|max", "min|mode|max"};

static int item_error(const struct ynode *item, const char *sub, const char *what,
                      struct error *err)
{
    return err_set(err, ERR_INPUT, "%s:%d:%d: %s: %s", item->mark.file, item->mark.line,
                   item->mark.column, sub, what);
}

/* The numeric parameter a path names, or an error at the item. */
static int parameter_of(const char *path, const struct ynode *item, const char *sub,
                        struct error *err)
{
    int k = scenario_lever_index(path);
    if (k < 0) {
        char what[512];
        snprintf(what, sizeof what, "path '%s' is not a numeric parameter of a scenario (for "
                 "example dibao.standard or targeting.take_up)", path);
        item_error(item, sub, what, err);
    }
    return k;
}

static int check_uncertain(const struct uncertain *u, const struct ynode *item, const char *sub,
                           struct error *err)
{
    static const char *const NAMES[] = {"min", "max", "mode", "mean", "sd", "median", "sigma",
                                        "alpha", "beta"};
    const double values[] = {u->min, u->max, u->mode, u->mean, u->sd, u->median, u->sigma,
                             u->alpha, u->beta};
    static const char *const DISTRIBUTIONS[] = {"uniform", "normal", "lognormal", "beta",
                                                "triangular"};
    const char *takes = DISTRIBUTION_FIELDS[u->distribution], *name = DISTRIBUTIONS[u->distribution];
    char what[256];
    for (int i = 0; i < 9; i++) {
        int wanted = choices_index(takes, NAMES[i]) >= 0;
        if (wanted == !isnan(values[i])) continue;
        if (wanted) snprintf(what, sizeof what, "a %s distribution needs `%s`", name, NAMES[i]);
        else snprintf(what, sizeof what, "`%s` does not apply to a %s distribution", NAMES[i], name);
        return item_error(item, sub, what, err);
    }
    int ok = 1;
    switch (u->distribution) {
    case DIST_UNIFORM: case DIST_BETA: ok = u->min < u->max; break;
    case DIST_TRIANGULAR: ok = u->min < u->max && u->min <= u->mode && u->mode <= u->max; break;
    default: break;
    }
    if (!ok) return item_error(item, sub, "needs min < max (and min <= mode <= max)", err);
    if ((u->distribution == DIST_NORMAL && !(u->sd > 0)) ||
        (u->distribution == DIST_LOGNORMAL && !(u->median > 0 && u->sigma > 0)) ||
        (u->distribution == DIST_BETA && !(u->alpha > 0 && u->beta > 0)))
        return item_error(item, sub, "spreads, shapes and the median must be above 0", err);
    return 0;
}

/* An uncertain parameter, once read: a lever's path and a distribution with its fields. */
static int check_parameter(void *context, void *item, size_t i, const struct ynode *node,
                           const char *sub, struct error *err)
{
    (void)context, (void)i;
    struct uncertain *u = item;
    if ((u->param = parameter_of(u->path, node, sub, err)) < 0) return -1;
    return check_uncertain(u, node, sub, err);
}

static int parse_uncertain(void *scenario, const struct ynode *v, const char *path,
                           struct error *err)
{
    struct scenario *s = scenario;
    return config_read_list(&UNCERTAIN, v, path, SCENARIO_MAX_UNCERTAIN,
                            "a list of at most 64 {path, distribution, ...}",
                            sizeof *s->sensitivity.parameters,
                            (void **)&s->sensitivity.parameters, &s->sensitivity.n,
                            check_parameter, NULL, err);
}

/* A sweep's axis, once read: a lever's path and a grid of at most 10,000 points with the axes
 * before it (context: the points so far). */
static int check_axis(void *context, void *item, size_t i, const struct ynode *node,
                      const char *sub, struct error *err)
{
    (void)i;
    struct sweep_axis *a = item;
    long *points = context;
    if ((a->param = parameter_of(a->path, node, sub, err)) < 0) return -1;
    if (!(a->step > 0) || a->to < a->from)
        return item_error(node, sub, "needs step > 0 and from <= to", err);
    a->n = (int)floor((a->to - a->from) / a->step + 1e-9) + 1;
    *points *= a->n;
    if (*points > 10000)
        return item_error(node, sub, "the grid holds more than 10,000 points", err);
    return 0;
}

static int parse_sweep(void *scenario, const struct ynode *v, const char *path,
                       struct error *err)
{
    struct scenario *s = scenario;
    long points = 1;
    return config_read_list(&AXIS, v, path, 2, "a list of one or two {path, from, to, step}",
                            sizeof *s->sweep.axes, (void **)&s->sweep.axes, &s->sweep.n,
                            check_axis, &points, err);
}

static void analysis_settings_free(struct scenario *s)
{
    for (int i = 0; i < s->sensitivity.n; i++) config_free(&UNCERTAIN, &s->sensitivity.parameters[i]);
    for (int i = 0; i < s->sweep.n; i++) config_free(&AXIS, &s->sweep.axes[i]);
    free(s->sensitivity.parameters);
    free(s->sweep.axes);
}

static int parse_replications(void *base, const struct ynode *v, const char *path,
                              struct error *err)
{
    static const struct param_bounds bounds = {0, 100000, 0, 0};
    double n;
    if (config_number(&n, v, path, &bounds, err)) return -1;
    if (n != floor(n)) return config_value_error(v, path, "a whole number", err);
    ((struct scenario *)base)->sensitivity.replications = (int)n;
    return 0;
}

/* Every value of p (any region, any month) a whole number, else an error at p's mark. */
static int whole_param(const struct param *p, const char *path, struct error *err)
{
    for (int i = 0; i < p->n; i++)
        for (int j = 0; j < p->series[i].n; j++) {
            const double v = p->series[i].points[j].value;
            if (v != floor(v))
                return err_set(err, ERR_INPUT, "%s:%d:%d: %s: value %g is not a whole number",
                               p->mark.file, p->mark.line, p->mark.column, path, v);
        }
    return 0;
}

/* ---- projection.alignment: a list of {transition, by, totals, method} ---- */

static int parse_alignment_totals(void *field, const struct ynode *v, const char *path,
                                  struct error *err);

static const struct config_key ALIGNMENT_KEYS[] = {   /* converted in this order */
    {.path = "transition", .type = CFG_CHOICE, .offset = offsetof(struct alignment_item, transition),
     .choices = TRANSITION_NAMES, .unit = "", .source = "", .description = "The transition."},
    {.path = "by", .type = CFG_CHOICE, .offset = offsetof(struct alignment_item, by_region),
     .choices = "all|region", .default_yaml = "all", .unit = "", .source = "",
     .description = "One δ (or one sort) for all regions together, or per region."},
    {.path = "method", .type = CFG_CHOICE, .offset = offsetof(struct alignment_item, method),
     .choices = "logit_shift|sort", .default_yaml = "logit_shift", .unit = "", .source = "",
     .description = "How probabilities are aligned."},
    {.path = "totals", .type = CFG_CUSTOM, .parse = parse_alignment_totals, .offset = 0,
     .type_name = "{year: value} or {region: {year: value}}", .unit = "", .source = "",
     .description = "The totals."},
};
static const struct config_table ALIGNMENT = {ALIGNMENT_KEYS,
                                              sizeof ALIGNMENT_KEYS / sizeof ALIGNMENT_KEYS[0]};

/* Adds the {year: value} map v (region NULL: all regions) to the item's totals. */
static int alignment_years(struct alignment_item *a, const char *region,
                           const struct ymark *region_mark, const struct ynode *v,
                           const char *path, struct error *err)
{
    if (v->kind != YNODE_MAP || v->n == 0)
        return config_value_error(v, path, "a map {year: total}", err);
    a->totals = xrealloc(a->totals, a->n + v->n, sizeof *a->totals);
    for (size_t j = 0; j < v->n; j++) {
        const struct ymark *km = &v->key_marks[j];
        int first, last;
        if (v->items[j]->kind != YNODE_SCALAR)
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s: '%s' holds a map: with `by: %s` "
                           "totals are {%s}", km->file, km->line, km->column, path, v->keys[j],
                           region ? "region" : "all",
                           region ? "region: {year: total}" : "year: total");
        if (years_parse(v->keys[j], &first, &last) || first != last)
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s: '%s' is not a year%s", km->file,
                           km->line, km->column, path, v->keys[j],
                           region ? "" : " (with `by: region` totals are {region: {year: total}})");
        char sub[300];
        snprintf(sub, sizeof sub, "%s.%s", path, v->keys[j]);
        double value;
        if (plain_number(&value, v->items[j], sub, 1e15, err)) return -1;
        for (int k = 0; k < a->n; k++)
            if (a->totals[k].year == first &&
                (region ? a->totals[k].region && !strcmp(a->totals[k].region, region)
                        : !a->totals[k].region))
                return config_value_error(v->items[j], sub, "given once", err);
        struct alignment_total *t = &a->totals[a->n++];
        *t = (struct alignment_total){region ? xstrdup(region) : NULL, first, value,
                                      v->items[j]->mark, region_mark ? *region_mark : *km};
    }
    return 0;
}

static int parse_alignment_totals(void *field, const struct ynode *v, const char *path,
                                  struct error *err)
{
    struct alignment_item *a = field;
    if (!a->by_region) return alignment_years(a, NULL, NULL, v, path, err);
    if (v->kind != YNODE_MAP || v->n == 0)
        return config_value_error(v, path, "a map {region: {year: total}}", err);
    for (size_t j = 0; j < v->n; j++) {
        char sub[300];
        snprintf(sub, sizeof sub, "%s.%s", path, v->keys[j]);
        if (v->items[j]->kind != YNODE_MAP) {
            const struct ymark *km = &v->key_marks[j];
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s: '%s' holds a number: with `by: region` "
                           "totals are {region: {year: total}} (or use `by: all`)", km->file,
                           km->line, km->column, path, v->keys[j]);
        }
        if (alignment_years(a, v->keys[j], &v->key_marks[j], v->items[j], sub, err)) return -1;
    }
    return 0;
}

/* An alignment item, once read: sort only for the exits decided at once, each transition once
 * (context: the scenario, whose earlier items are read). */
static int check_alignment(void *context, void *item, size_t i, const struct ynode *node,
                           const char *sub, struct error *err)
{
    const struct scenario *s = context;
    struct alignment_item *a = item;
    a->mark = node->mark;
    const struct ynode *how = ytree_get(node, "method");
    if (a->method == ALIGN_SORT && a->transition != T_REGISTRY_EXIT &&
        a->transition != T_REVIEW_EXIT)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s.method: 'sort' applies to registry_exit "
                       "and review_exit; monthly transitions take logit_shift",
                       how->mark.file, how->mark.line, how->mark.column, sub);
    for (size_t j = 0; j < i; j++)
        if (s->projection.alignments[j].transition == a->transition)
            return config_value_error(ytree_get(node, "transition"), sub,
                                      "a transition aligned once (an earlier item names it)", err);
    return 0;
}

static int parse_alignment(void *base, const struct ynode *v, const char *path,
                           struct error *err)
{
    struct scenario *s = base;
    return config_read_list(&ALIGNMENT, v, path, (size_t)-1,
                            "a list of {transition, by, totals, method}",
                            sizeof *s->projection.alignments, (void **)&s->projection.alignments,
                            &s->projection.n_alignments, check_alignment, s, err);
}

/* Checks that need more than one key or the table cannot express. */
static int check_scenario(struct scenario *s, struct error *err)
{
    if (whole_param(&s->dibao.review.interval_months, "dibao.review.interval_months", err) ||
        whole_param(&s->dibao.review.month, "dibao.review.month", err))
        return -1;
    const struct ynode *name = config_node(s->resolved, "name");
    int ok = isalnum((unsigned char)s->name[0]);
    for (const char *c = s->name; *c && ok; c++)
        ok = isalnum((unsigned char)*c) || *c == '-' || *c == '_' || *c == '.';
    if (!ok)
        return config_value_error(name, "name", "a name of letters, digits, -, _ and . starting "
                                  "with a letter or digit", err);
    const struct ynode *years = config_node(s->resolved, "years");
    const struct ynode *projected = config_node(s->resolved, "projection.years");
    if (!ytree_is_null(projected) && strncmp(years->mark.file, "default of", 10) != 0)
        return err_set(err, ERR_INPUT, "%s:%d:%d: years and projection.years (%s:%d:%d) are both "
                       "given: give the simulated years once", years->mark.file, years->mark.line,
                       years->mark.column, projected->mark.file, projected->mark.line,
                       projected->mark.column);
    if (s->dibao.benefit.mode == BENEFIT_TIERS && s->dibao.benefit.n_tiers == 0) {
        const struct ynode *v = config_node(s->resolved, "dibao.benefit.mode");
        return err_set(err, ERR_INPUT, "%s:%d:%d: dibao.benefit.mode is tiers but "
                       "dibao.benefit.tiers lists no bands", v->mark.file, v->mark.line,
                       v->mark.column);
    }
    return 0;
}

int scenario_load(struct scenario *s, const char *path, struct error *err)
{
    memset(s, 0, sizeof *s);
    if (config_load(&TABLE, s, path, &s->resolved, &s->files, err) || check_scenario(s, err)) {
        scenario_free(s);
        return -1;
    }
    return 0;
}

void scenario_free(struct scenario *s)
{
    config_free(&TABLE, s);
    free(s->dibao.benefit.tiers);
    free(s->dibao.top_ups);
    free(s->dibao.gradual_exit.schedule);
    free(s->temporary_assistance.tiers);
    free(s->projection.mortality_male.bands);
    free(s->projection.mortality_female.bands);
    free(s->projection.disability_onset.bands);
    free(s->projection.illness_onset.bands);
    for (int i = 0; i < s->projection.n_alignments; i++) {
        for (int j = 0; j < s->projection.alignments[i].n; j++)
            free(s->projection.alignments[i].totals[j].region);
        free(s->projection.alignments[i].totals);
    }
    free(s->projection.alignments);
    analysis_settings_free(s);
    budget_settings_free(&s->budget);
    ytree_free(s->resolved);
    yfiles_free(&s->files);
    memset(s, 0, sizeof *s);
}

void scenario_set_years(struct scenario *s, int first_year, int last_year)
{
    s->first_year = first_year;
    s->last_year = last_year;
    char text[32];
    if (first_year == last_year) snprintf(text, sizeof text, "%d", first_year);
    else snprintf(text, sizeof text, "%d:%d", first_year, last_year);
    struct ymark mark = {"command line", 1, 1};
    ytree_set(s->resolved, "years", ytree_new_scalar(text, 1, &mark));
    ytree_set(config_node(s->resolved, "projection"), "years", ytree_new_scalar("null", 1, &mark));
}

char *scenario_resolved_yaml(const struct scenario *s) { return ytree_to_string(s->resolved); }

const struct config_table *scenario_keys(void) { return &TABLE; }

void scenario_keys_markdown(FILE *out) { config_markdown(&TABLE, out); }
