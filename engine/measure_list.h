/* The measures of the results' summary, one row each, in column order. Included by measures.h
 * (enum measure) and measures.c (the table); every other list of measures — the summary's
 * datasets, the schema's rows for them, the report's reading of a results file — walks the
 * table, so adding a measure is one row here (and, for a summed one, the line of simulate.c
 * that adds it).
 *
 * SUMMED(id, name, units, reduction, per_program, description): summed over households
 * (weighted) into each row by the simulation. `reduction` is how a year's value is formed
 * from the months: REDUCE_SUM (flows: money, exits) or REDUCE_DECEMBER (stocks: persons,
 * units). `per_program` is 0 for a measure of the household that is the same in every program
 * row (the registry's exits: in row `all` only).
 * RATIO(id, name, units, numerator, denominator, complement, description): numerator /
 * denominator of the same row (0 when the denominator is not above 0), or 1 minus that; a
 * year's value is the ratio of the year's sums. */
SUMMED(M_ENTITLED_UNITS, "entitled_units", "units", REDUCE_DECEMBER, 1, "Units entitled under "
       "the rules with full information, weighted. Units: dibao units; persons for tekun, "
       "elderly and medical assistance; households for temporary assistance and `all`.")
SUMMED(M_ENTITLED_PERSONS, "entitled_persons", "persons", REDUCE_DECEMBER, 1,
       "Persons in entitled units, weighted.")
SUMMED(M_ENTITLED_EXPENDITURE, "entitled_expenditure", "yuan", REDUCE_SUM, 1, "What entitled "
       "units are due in the month (medical assistance: a twelfth of the year's), weighted.")
SUMMED(M_PAID_UNITS, "paid_units", "units", REDUCE_DECEMBER, 1, "Units paid (receipt: after "
       "dibao's take-up and targeting errors), weighted.")
SUMMED(M_PAID_PERSONS, "paid_persons", "persons", REDUCE_DECEMBER, 1, "Persons reached: members "
       "of paid units, weighted.")
SUMMED(M_EXPENDITURE, "expenditure", "yuan", REDUCE_SUM, 1, "Paid in the month (receipt; "
       "medical assistance: a twelfth of the year's), weighted.")
SUMMED(M_PERSONS, "persons", "persons", REDUCE_DECEMBER, 0, "Living persons, weighted.")
SUMMED(M_REGISTERED_POOR, "registered_poor_persons", "persons", REDUCE_DECEMBER, 0, "Living "
       "persons in registered-poor (建档立卡) households, reached or not, weighted.")
SUMMED(M_PAID_REGISTERED_POOR, "paid_registered_poor", "persons", REDUCE_DECEMBER, 1, "Persons "
       "reached in registered-poor households, weighted.")
/* persons reached by the study's classification, first that applies: */
SUMMED(M_PAID_ILL, "paid_serious_illness", "persons", REDUCE_DECEMBER, 1, "Persons reached who "
       "are seriously ill (the study's classification of recipients, first that applies), "
       "weighted.")
SUMMED(M_PAID_DISABILITY_1, "paid_disability_1", "persons", REDUCE_DECEMBER, 1, "Persons "
       "reached with disability level 1, not seriously ill, weighted.")
SUMMED(M_PAID_DISABILITY_2, "paid_disability_2", "persons", REDUCE_DECEMBER, 1, "Persons "
       "reached with disability level 2, not seriously ill, weighted.")
SUMMED(M_PAID_DISABILITY_3_4, "paid_disability_3_4", "persons", REDUCE_DECEMBER, 1, "Persons "
       "reached with disability level 3 or 4, not seriously ill, weighted (the rest are "
       "able-bodied).")
/* poverty: the three in this order (simulate.c's add_poverty fills them together) */
SUMMED(M_POOR_BEFORE, "poor_before", "persons", REDUCE_DECEMBER, 0, "Persons whose household's "
       "monthly income per living member (wage, business, property, transfer income, basic "
       "pension) is below poverty_line / 12, weighted.")
SUMMED(M_GAP_BEFORE, "poverty_gap_before", "persons", REDUCE_DECEMBER, 0, "Σ weight × (z − y) / "
       "z over poor persons (z the line, y their household's income per member).")
SUMMED(M_GAP2_BEFORE, "poverty_gap2_before", "persons", REDUCE_DECEMBER, 0, "Σ weight × ((z − "
       "y) / z)² over poor persons.")
SUMMED(M_POOR_AFTER, "poor_after", "persons", REDUCE_DECEMBER, 1, "poor_before after adding the "
       "row's transfers in the month to household income (medical assistance is not added: it "
       "reimburses spending).")
SUMMED(M_GAP_AFTER, "poverty_gap_after", "persons", REDUCE_DECEMBER, 1, "poverty_gap_before "
       "after the row's transfers.")
SUMMED(M_GAP2_AFTER, "poverty_gap2_after", "persons", REDUCE_DECEMBER, 1, "poverty_gap2_before "
       "after the row's transfers.")
SUMMED(M_POOR_REACHED, "poor_reached", "persons", REDUCE_DECEMBER, 1, "Persons poor before "
       "transfers whom the row's program reaches, weighted.")
SUMMED(M_INCOME, "income", "yuan/month", REDUCE_SUM, 0, "Pre-transfer income of the living "
       "persons (wage, business, property, transfer income and basic pension), weighted: "
       "12 × income / persons is the mean per-capita income a year.")
SUMMED(M_PAID_UNITS_REGISTERED_POOR, "paid_units_registered_poor", "units", REDUCE_DECEMBER, 1,
       "paid_units in registered-poor households (the row `all`: households reached).")
SUMMED(M_EXPENDITURE_REGISTERED_POOR, "expenditure_registered_poor", "yuan", REDUCE_SUM, 1,
       "expenditure paid to registered-poor households.")
/* persons reached in registered-poor households by the study's classification: */
SUMMED(M_PAID_REGISTERED_ILL, "paid_registered_serious_illness", "persons", REDUCE_DECEMBER, 1,
       "paid_serious_illness in registered-poor households.")
SUMMED(M_PAID_REGISTERED_DISABILITY_1, "paid_registered_disability_1", "persons",
       REDUCE_DECEMBER, 1, "paid_disability_1 in registered-poor households.")
SUMMED(M_PAID_REGISTERED_DISABILITY_2, "paid_registered_disability_2", "persons",
       REDUCE_DECEMBER, 1, "paid_disability_2 in registered-poor households.")
SUMMED(M_PAID_REGISTERED_DISABILITY_3_4, "paid_registered_disability_3_4", "persons",
       REDUCE_DECEMBER, 1, "paid_disability_3_4 in registered-poor households.")
SUMMED(M_PAID_SEPARATED, "paid_separated", "persons", REDUCE_DECEMBER, 1, "Dibao: persons paid "
       "as units of one registered separately (rules.md 3.4), weighted; 0 in other programs' "
       "rows.")
SUMMED(M_EXPENDITURE_SEPARATED, "expenditure_separated", "yuan", REDUCE_SUM, 1, "Dibao: what "
       "those units are paid.")
/* dibao reviews (rules.md 3.8; 0 with reviews off): */
SUMMED(M_REVIEW_EXIT_UNITS, "review_exit_units", "units", REDUCE_SUM, 1, "Dibao units removed "
       "at a review in the month (leaving at once or entering gradual exit), weighted; 0 with "
       "reviews off (rules.md 3.8).")
SUMMED(M_REVIEW_EXIT_PERSONS, "review_exit_persons", "persons", REDUCE_SUM, 1, "Living members "
       "of the units removed at a review in the month, weighted.")
SUMMED(M_PAID_STALE_PERSONS, "paid_stale_persons", "persons", REDUCE_DECEMBER, 1, "Living "
       "members of starting recipient units paid a stale benefit (not eligible, not yet "
       "reviewed), weighted.")
/* registry dynamics (rules.md 6), row `all` only (the registry is no program): */
SUMMED(M_REGISTRY_EXIT_HOUSEHOLDS, "registry_exit_households", "households", REDUCE_SUM, 0,
       "Registered-poor households leaving the registry from the next January "
       "(projection.registry), weighted; in the December row of the year of the decision, "
       "program `all` only (0 elsewhere).")
SUMMED(M_REGISTRY_EXIT_PERSONS, "registry_exit_persons", "persons", REDUCE_SUM, 0, "Their "
       "living members in December, weighted; same rows.")
RATIO(M_AVERAGE_BENEFIT, "average_benefit", "yuan/person/month", M_EXPENDITURE, M_PAID_PERSONS,
      0, "expenditure / paid_persons (0 when nobody is reached; so for every ratio below).")
RATIO(M_FGT0_BEFORE, "fgt0_before", "share", M_POOR_BEFORE, M_PERSONS, 0, "Poverty headcount "
      "ratio before transfers (FGT0): poor_before / persons.")
RATIO(M_FGT1_BEFORE, "fgt1_before", "share", M_GAP_BEFORE, M_PERSONS, 0, "Poverty gap index "
      "before transfers (FGT1): poverty_gap_before / persons.")
RATIO(M_FGT2_BEFORE, "fgt2_before", "share", M_GAP2_BEFORE, M_PERSONS, 0, "Squared poverty gap "
      "before transfers (FGT2): poverty_gap2_before / persons.")
RATIO(M_FGT0_AFTER, "fgt0_after", "share", M_POOR_AFTER, M_PERSONS, 0,
      "FGT0 after the row's transfers.")
RATIO(M_FGT1_AFTER, "fgt1_after", "share", M_GAP_AFTER, M_PERSONS, 0,
      "FGT1 after the row's transfers.")
RATIO(M_FGT2_AFTER, "fgt2_after", "share", M_GAP2_AFTER, M_PERSONS, 0,
      "FGT2 after the row's transfers.")
RATIO(M_COVERAGE, "coverage", "share", M_POOR_REACHED, M_POOR_BEFORE, 0, "Coverage of the poor: "
      "poor_reached / poor_before.")
RATIO(M_EXCLUSION_ERROR, "exclusion_error", "share", M_POOR_REACHED, M_POOR_BEFORE, 1, "Poor not "
      "reached / poor: 1 − coverage.")
RATIO(M_INCLUSION_ERROR, "inclusion_error", "share", M_POOR_REACHED, M_PAID_PERSONS, 1, "Reached "
      "but not poor / reached: 1 − poor_reached / paid_persons.")
RATIO(M_REGISTERED_POOR_SHARE, "registered_poor_share", "share", M_PAID_REGISTERED_POOR,
      M_REGISTERED_POOR, 0, "paid_registered_poor / registered_poor_persons (for dibao: the "
      "study's 13.3 % indicator).")
