/* The measures a targets file may name: TARGET_MEASURE(id, name, is_share, description), in
 * enum target_measure's order. Included by targets.h (the enum) and targets.c (names, docs);
 * how each is computed is targets.c's measure_value. "December" is the targets' year's
 * December; "the year" sums its twelve months. */
TARGET_MEASURE(T_REGISTERED_POOR, "registered_poor_persons", 0,
               "Persons in registered-poor households, December.")
TARGET_MEASURE(T_RECIPIENTS, "recipients", 0, "Persons in paid dibao units, December.")
TARGET_MEASURE(T_RECIPIENTS_POOR, "recipients_registered_poor", 0,
               "Of whom in registered-poor households.")
TARGET_MEASURE(T_DIBAO_REGISTERED_AMOUNT, "dibao_registered_poor_amount", 0,
               "Dibao paid to registered-poor households in the year, yuan.")
TARGET_MEASURE(T_AVERAGE_DIBAO, "average_annual_dibao", 0,
               "Dibao paid in the year per recipient (mean monthly recipients), yuan.")
TARGET_MEASURE(T_SHARE_ILL, "share_serious_illness", 1,
               "Share of December's recipients seriously ill (the study's classification, "
               "first that applies: ill, disability 1, 2, 3-4, else able-bodied).")
TARGET_MEASURE(T_SHARE_DISABILITY_1, "share_disability_1", 1, "... disabled at level 1.")
TARGET_MEASURE(T_SHARE_DISABILITY_2, "share_disability_2", 1, "... at level 2.")
TARGET_MEASURE(T_SHARE_DISABILITY_3_4, "share_disability_3_4", 1, "... at level 3 or 4.")
TARGET_MEASURE(T_SHARE_ABLE_BODIED, "share_able_bodied", 1, "... none of these.")
TARGET_MEASURE(T_REGISTERED_SHARE_ILL, "registered_share_serious_illness", 1,
               "The same shares among December's recipients in registered-poor households.")
TARGET_MEASURE(T_REGISTERED_SHARE_DISABILITY_1, "registered_share_disability_1", 1, "")
TARGET_MEASURE(T_REGISTERED_SHARE_DISABILITY_2, "registered_share_disability_2", 1, "")
TARGET_MEASURE(T_REGISTERED_SHARE_DISABILITY_3_4, "registered_share_disability_3_4", 1, "")
TARGET_MEASURE(T_REGISTERED_SHARE_ABLE_BODIED, "registered_share_able_bodied", 1, "")
TARGET_MEASURE(T_MEDICAL_PERSONS, "medical_registered_poor_persons", 0,
               "Persons in registered-poor households paid medical assistance in the year.")
TARGET_MEASURE(T_MEDICAL_AMOUNT, "medical_registered_poor_amount", 0,
               "What they are paid, yuan.")
TARGET_MEASURE(T_TEMPORARY_CASES, "temporary_registered_poor_cases", 0,
               "Registered-poor households paid temporary assistance in the year (one case "
               "each: a shock a year at most).")
TARGET_MEASURE(T_TEMPORARY_AMOUNT, "temporary_registered_poor_amount", 0,
               "What they are paid, yuan.")
TARGET_MEASURE(T_ELDERLY_PERSONS, "elderly_registered_poor_persons", 0,
               "Persons in registered-poor households paid an elderly allowance, December.")
TARGET_MEASURE(T_ELDERLY_AMOUNT, "elderly_registered_poor_amount", 0,
               "Elderly allowances paid to registered-poor households in the year, yuan.")
TARGET_MEASURE(T_SEPARATED_PERSONS, "separated_persons", 0,
               "Persons paid dibao as units of one registered separately (rules.md 3.4), "
               "December.")
TARGET_MEASURE(T_SEPARATED_BENEFIT, "separated_monthly_benefit", 0,
               "Their dibao per person a month over the year, yuan.")
TARGET_MEASURE(T_REGISTRY_EXIT_HOUSEHOLDS, "registry_exit_households", 0,
               "Households leaving the registry by the year's December decision "
               "(projection.registry).")
TARGET_MEASURE(T_REGISTRY_EXIT_PERSONS, "registry_exit_persons", 0, "Their persons.")
TARGET_MEASURE(T_MEAN_INCOME, "mean_annual_income", 0,
               "Mean per-capita income a year (wage, business, property, transfer income and "
               "basic pension over living persons), yuan.")
TARGET_MEASURE(T_REGISTERED_MEDIAN_INCOME, "registered_median_income", 0,
               "Median registered-poor person's household per-capita income a year (the same "
               "incomes, from the population as given), yuan.")
TARGET_MEASURE(T_INCOME_SHARE_WAGE, "income_share_wage", 1,
               "Wages' share of the income of mean_annual_income (the population as given).")
TARGET_MEASURE(T_INCOME_SHARE_FARM_BUSINESS, "income_share_farm_business", 1,
               "Farm and other business income's share.")
TARGET_MEASURE(T_INCOME_SHARE_TRANSFERS, "income_share_transfers", 1,
               "Transfer income's, basic pensions' and property income's share.")
TARGET_MEASURE(T_SHARE_AGED_80, "population_share_aged_80", 1,
               "Share of living persons aged 80 or more (the population as given).")
TARGET_MEASURE(T_SHARE_SEVERE_DISABILITY, "population_share_severe_disability", 1,
               "Share of living persons disabled at level 1 or 2.")
TARGET_MEASURE(T_POOR_BEFORE, "poverty_rate_before", 1,
               "Share of persons below the poverty line before transfers, December.")
