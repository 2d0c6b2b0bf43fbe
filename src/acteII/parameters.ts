/**
 * Dated legal parameters of the Acte II measures (contrat de professionnalisation,
 * temp workers' pathways, intergenerational pairs).
 *
 * Every number of law lives here as a `Dated<T>` list (validFrom/validTo inclusive),
 * money in integer cents, rates in basis points (10 000 = 100 %). A record is judged
 * under the versions in force on its own date (a contract: its start date; a pair
 * month: that month), never under "today".
 *
 * Figures marked TO CONFIRM come from general knowledge, not from a checked legal
 * source: they are kept editable here precisely so that a jurist can correct them
 * without touching the rules.
 */
import type { Cents } from '../shared/money.js';
import type { IsoDate } from '../shared/dates.js';
import { inForce, valueOn, type Dated } from '../shared/validity.js';

export interface Smic {
  hourlyCents: Cents;
  /** Legal monthly amount for 35 h a week: hourly × 35 × 52 / 12 (the "151,67 h"), rounded to the cent. */
  monthlyCents: Cents;
}

/** Old-age insurance (assurance vieillesse) contribution rates, in basis points. */
export interface OldAgeRates {
  /** Employer rate on the pay up to the social security ceiling (PMSS). */
  employerCappedBp: number;
  /** Employer rate on the whole pay. */
  employerUncappedBp: number;
  employeeCappedBp: number;
  employeeUncappedBp: number;
}

/** Rules of the contrat de professionnalisation that do not depend on money. */
export interface ProContractRules {
  minAge: number;
  /** Last age (in whole years) of the "16–25" public; from youthMaxAge + 1 only job seekers and priority publics. */
  youthMaxAge: number;
  minMonths: number;
  maxMonths: number;
  extendedMaxMonths: number;
  trainingMinShareBp: number;
  trainingMaxShareBp: number;
  trainingMinHours: number;
  /** Legal monthly working time, in hundredths of an hour (151,67 h = 35 h × 52 / 12). */
  monthlyHoursHundredths: number;
  /** Hours counted for each day beyond whole months, in hundredths (35 h / 7 days = 5 h). */
  dailyHoursHundredths: number;
  tutorMandatory: boolean;
  tutorMinExperienceMonths: number;
  tutorMaxTrainees: number;
  employerTutorMaxTrainees: number;
}

/** Minimum pay of a C.Pro trainee, in basis points (of SMIC, or of the branch minimum for the last one). */
export interface ProContractPayFloors {
  under21Bp: number;
  under21QualifiedBp: number;
  from21Bp: number;
  from21QualifiedBp: number;
  from26SmicBp: number;
  from26BranchMinimumBp: number;
}

export interface ProContractFunding {
  defaultHourlyCents: Cents;
  priorityHourlyCents: Cents;
  tutoringAidMonthlyCents: Cents;
  tutoringAidIncreasedMonthlyCents: Cents;
  tutoringAidMaxMonths: number;
  increasedAidTutorMinAge: number;
  tutorTrainingHourlyCents: Cents;
  tutorTrainingMaxHours: number;
}

export interface TempPathwayRules {
  experimentStart: IsoDate;
  experimentEnd: IsoDate;
  /** First day a temp worker could be hired on a CDI intérimaire (branch agreement of 10 July 2013, extended). */
  cdiInterimaireFrom: IsoDate;
}

export interface PairRules {
  /** The senior's expected retirement must fall within this many months of the pair's start. */
  seniorWindowMonths: number;
  defaultActivityBp: number;
  defaultPayBp: number;
}

/** How a funder helps a pair: a flat amount per month, or a share of the employer's extra cost. */
export type PairAidRule =
  | { kind: 'monthlyFlat'; monthlyCents: Cents }
  | { kind: 'shareOfExtraCost'; shareBp: number };

export interface PairAid {
  region: PairAidRule;
  fpspp: PairAidRule;
}

export interface ActeIITargets {
  proContracts: number;
  proContractsReservedForPairs: number;
  tempPathways: number;
  pairs: number;
}

/** Everything in force on one day. */
export interface ActeIIParameters {
  date: IsoDate;
  smic: Smic;
  pmssCents: Cents;
  oldAgeRates: OldAgeRates;
  proContract: ProContractRules;
  proContractPayFloors: ProContractPayFloors;
  proContractFunding: ProContractFunding;
  tempPathways: TempPathwayRules;
  pairs: PairRules;
  /** Null when no aid is in force on that day (outside the Acte II experiment). */
  pairAid: PairAid | null;
  /** Null outside the Acte II experiment. */
  acteIITargets: ActeIITargets | null;
}

export interface ActeIIParameterLists {
  smic: readonly Dated<Smic>[];
  pmssCents: readonly Dated<Cents>[];
  oldAgeRates: readonly Dated<OldAgeRates>[];
  proContract: readonly Dated<ProContractRules>[];
  proContractPayFloors: readonly Dated<ProContractPayFloors>[];
  proContractFunding: readonly Dated<ProContractFunding>[];
  tempPathways: readonly Dated<TempPathwayRules>[];
  pairs: readonly Dated<PairRules>[];
  pairAid: readonly Dated<PairAid>[];
  acteIITargets: readonly Dated<ActeIITargets>[];
}

/** Monthly SMIC = hourly × 35 h × 52 weeks / 12 months, which is how the official monthly amount is published. */
export function smicFromHourly(hourlyCents: Cents): Smic {
  return { hourlyCents, monthlyCents: Math.round((hourlyCents * 455) / 3) };
}

function smicVersion(validFrom: IsoDate, validTo: IsoDate | null, hourlyCents: Cents): Dated<Smic> {
  return { validFrom, validTo, value: smicFromHourly(hourlyCents) };
}

/**
 * Gross hourly SMIC (métropole). All revaluations take effect on the 1st of a month.
 * Values up to 2024-11-01 are the published ones as remembered; 2012-01-01 (9,22 €) and
 * 2022-01-01 (10,57 €) are real revaluations that are easy to forget; 2026-01-01 (12,02 €)
 * is TO CONFIRM.
 */
export const SMIC_HISTORY: readonly Dated<Smic>[] = [
  smicVersion('2007-07-01', '2008-04-30', 844),
  smicVersion('2008-05-01', '2008-06-30', 863),
  smicVersion('2008-07-01', '2009-06-30', 871),
  smicVersion('2009-07-01', '2009-12-31', 882),
  smicVersion('2010-01-01', '2010-12-31', 886),
  smicVersion('2011-01-01', '2011-11-30', 900),
  smicVersion('2011-12-01', '2011-12-31', 919),
  smicVersion('2012-01-01', '2012-06-30', 922),
  smicVersion('2012-07-01', '2012-12-31', 940),
  smicVersion('2013-01-01', '2013-12-31', 943),
  smicVersion('2014-01-01', '2014-12-31', 953),
  smicVersion('2015-01-01', '2015-12-31', 961),
  smicVersion('2016-01-01', '2016-12-31', 967),
  smicVersion('2017-01-01', '2017-12-31', 976),
  smicVersion('2018-01-01', '2018-12-31', 988),
  smicVersion('2019-01-01', '2019-12-31', 1003),
  smicVersion('2020-01-01', '2020-12-31', 1015),
  smicVersion('2021-01-01', '2021-09-30', 1025),
  smicVersion('2021-10-01', '2021-12-31', 1048),
  smicVersion('2022-01-01', '2022-04-30', 1057),
  smicVersion('2022-05-01', '2022-07-31', 1085),
  smicVersion('2022-08-01', '2022-12-31', 1107),
  smicVersion('2023-01-01', '2023-04-30', 1127),
  smicVersion('2023-05-01', '2023-12-31', 1152),
  smicVersion('2024-01-01', '2024-10-31', 1165),
  // No revaluation on 2025-01-01: the 1 Nov 2024 one stood for 2025.
  smicVersion('2024-11-01', '2025-12-31', 1188),
  // TO CONFIRM.
  smicVersion('2026-01-01', null, 1202),
];

function yearly<T>(values: readonly [number, T][], lastOpen = true): Dated<T>[] {
  return values.map(([year, value], i) => ({
    validFrom: `${year}-01-01`,
    validTo: lastOpen && i === values.length - 1 ? null : `${year}-12-31`,
    value,
  }));
}

/**
 * Monthly social security ceiling (plafond mensuel de la sécurité sociale), fixed per
 * calendar year. 2008–2014 as given in the domain brief; 2015 onwards TO CONFIRM
 * (2020–2022 were frozen at 3 428 €).
 */
export const PMSS_HISTORY: readonly Dated<Cents>[] = yearly<Cents>([
  [2008, 277_300],
  [2009, 285_900],
  [2010, 288_500],
  [2011, 294_600],
  [2012, 303_100],
  [2013, 308_600],
  [2014, 312_900],
  [2015, 317_000],
  [2016, 321_800],
  [2017, 326_900],
  [2018, 331_100],
  [2019, 337_700],
  [2020, 342_800],
  [2021, 342_800],
  [2022, 342_800],
  [2023, 366_600],
  [2024, 386_400],
  [2025, 392_500],
  [2026, 400_500],
]);

/**
 * Old-age contribution rates (CNAV, régime général). 2008 values are those of the
 * domain brief's worked example; everything after 2012-10-31 is TO CONFIRM
 * (2012 "carrières longues" decree, 2014–2017 schedule of the 2014 pension reform,
 * 2024 employer uncapped increase).
 */
export const OLD_AGE_RATES_HISTORY: readonly Dated<OldAgeRates>[] = [
  {
    validFrom: '2008-01-01',
    validTo: '2012-10-31',
    value: { employerCappedBp: 830, employerUncappedBp: 160, employeeCappedBp: 665, employeeUncappedBp: 10 },
  },
  {
    validFrom: '2012-11-01',
    validTo: '2013-12-31',
    value: { employerCappedBp: 840, employerUncappedBp: 160, employeeCappedBp: 675, employeeUncappedBp: 10 },
  },
  {
    validFrom: '2014-01-01',
    validTo: '2014-12-31',
    value: { employerCappedBp: 845, employerUncappedBp: 175, employeeCappedBp: 680, employeeUncappedBp: 25 },
  },
  {
    validFrom: '2015-01-01',
    validTo: '2015-12-31',
    value: { employerCappedBp: 850, employerUncappedBp: 180, employeeCappedBp: 685, employeeUncappedBp: 30 },
  },
  {
    validFrom: '2016-01-01',
    validTo: '2016-12-31',
    value: { employerCappedBp: 855, employerUncappedBp: 185, employeeCappedBp: 690, employeeUncappedBp: 35 },
  },
  {
    validFrom: '2017-01-01',
    validTo: '2023-12-31',
    value: { employerCappedBp: 855, employerUncappedBp: 190, employeeCappedBp: 690, employeeUncappedBp: 40 },
  },
  {
    validFrom: '2024-01-01',
    validTo: null,
    value: { employerCappedBp: 855, employerUncappedBp: 202, employeeCappedBp: 690, employeeUncappedBp: 40 },
  },
];

const PRO_CONTRACT_RULES_BASE: Omit<ProContractRules, 'tutorMandatory'> = {
  minAge: 16,
  youthMaxAge: 25,
  minMonths: 6,
  maxMonths: 12,
  extendedMaxMonths: 24,
  trainingMinShareBp: 1500,
  trainingMaxShareBp: 2500,
  trainingMinHours: 150,
  monthlyHoursHundredths: 15_167,
  dailyHoursHundredths: 500,
  tutorMinExperienceMonths: 24,
  tutorMaxTrainees: 3,
  employerTutorMaxTrainees: 2,
};

/**
 * C.Pro created by the law of 4 May 2004 (in force 1 Oct 2004). The law of 5 March 2014
 * made the tutor mandatory for contracts starting on or after that day. Later changes
 * (2018 "Avenir professionnel": up to 36 months for some publics) are outside the
 * programme's period and not encoded.
 */
export const PRO_CONTRACT_RULES_HISTORY: readonly Dated<ProContractRules>[] = [
  { validFrom: '2004-10-01', validTo: '2014-03-04', value: { ...PRO_CONTRACT_RULES_BASE, tutorMandatory: false } },
  { validFrom: '2014-03-05', validTo: null, value: { ...PRO_CONTRACT_RULES_BASE, tutorMandatory: true } },
];

/**
 * Code du travail D6325-15 / D6325-18. "Qualified" means holding at least a level IV
 * qualification (the code says "baccalauréat professionnel or a vocational title of
 * the same level"; the domain brief simplifies to level IV or above).
 */
export const PRO_CONTRACT_PAY_FLOORS_HISTORY: readonly Dated<ProContractPayFloors>[] = [
  {
    validFrom: '2004-10-01',
    validTo: null,
    value: {
      under21Bp: 5500,
      under21QualifiedBp: 6500,
      from21Bp: 7000,
      from21QualifiedBp: 8000,
      from26SmicBp: 10_000,
      from26BranchMinimumBp: 8500,
    },
  },
];

/**
 * OPCA funding of a C.Pro. The 15 €/h rate for priority publics and the 345 € increased
 * tutoring aid came with the 2009 reform and its decrees: their exact start dates are
 * TO CONFIRM, so one version is encoded for the whole period.
 */
export const PRO_CONTRACT_FUNDING_HISTORY: readonly Dated<ProContractFunding>[] = [
  {
    validFrom: '2004-10-01',
    validTo: null,
    value: {
      defaultHourlyCents: 915,
      priorityHourlyCents: 1500,
      tutoringAidMonthlyCents: 23_000,
      tutoringAidIncreasedMonthlyCents: 34_500,
      tutoringAidMaxMonths: 6,
      increasedAidTutorMinAge: 45,
      tutorTrainingHourlyCents: 1500,
      tutorTrainingMaxHours: 40,
    },
  },
];

/** Axis 2 experiment 2010–2014. The CDI intérimaire start (6 March 2014) is TO CONFIRM. */
export const TEMP_PATHWAY_RULES_HISTORY: readonly Dated<TempPathwayRules>[] = [
  { validFrom: '2008-01-01', validTo: null, value: { experimentStart: '2010-01-01', experimentEnd: '2014-12-31', cdiInterimaireFrom: '2014-03-06' } },
];

/** Social Security Code L241-3-1 (since 2003); encoded from the programme's start. */
export const PAIR_RULES_HISTORY: readonly Dated<PairRules>[] = [
  { validFrom: '2008-01-01', validTo: null, value: { seniorWindowMonths: 24, defaultActivityBp: 5000, defaultPayBp: 8000 } },
];

/**
 * Region and FPSPP aid to pairs. TO CONFIRM: the seed only says "Région et FPSPP ?".
 * Neither the form (flat monthly amount or share of the extra cost) nor the amount is
 * known, so both are zero until the protocol gives them; the rules already handle both forms.
 */
export const PAIR_AID_HISTORY: readonly Dated<PairAid>[] = [
  {
    validFrom: '2010-01-01',
    validTo: '2014-12-31',
    value: {
      region: { kind: 'shareOfExtraCost', shareBp: 0 },
      fpspp: { kind: 'monthlyFlat', monthlyCents: 0 },
    },
  },
];

/** Acte II targets (declaration of 4 May 2010, experiment 2010–2014). */
export const ACTE_II_TARGETS_HISTORY: readonly Dated<ActeIITargets>[] = [
  {
    validFrom: '2010-01-01',
    validTo: '2014-12-31',
    value: { proContracts: 6000, proContractsReservedForPairs: 1000, tempPathways: 1000, pairs: 1000 },
  },
];

export const ACTE_II_PARAMETERS: ActeIIParameterLists = {
  smic: SMIC_HISTORY,
  pmssCents: PMSS_HISTORY,
  oldAgeRates: OLD_AGE_RATES_HISTORY,
  proContract: PRO_CONTRACT_RULES_HISTORY,
  proContractPayFloors: PRO_CONTRACT_PAY_FLOORS_HISTORY,
  proContractFunding: PRO_CONTRACT_FUNDING_HISTORY,
  tempPathways: TEMP_PATHWAY_RULES_HISTORY,
  pairs: PAIR_RULES_HISTORY,
  pairAid: PAIR_AID_HISTORY,
  acteIITargets: ACTE_II_TARGETS_HISTORY,
};

/**
 * The parameters in force on a day. Throws NoParameterInForce when a mandatory parameter
 * has no version on that day: judging a record under a guessed rule would be worse.
 */
export function resolveActeIIParameters(
  date: IsoDate,
  lists: ActeIIParameterLists = ACTE_II_PARAMETERS,
): ActeIIParameters {
  return {
    date,
    smic: valueOn('SMIC', lists.smic, date),
    pmssCents: valueOn('plafond mensuel de la sécurité sociale', lists.pmssCents, date),
    oldAgeRates: valueOn('taux de cotisation vieillesse', lists.oldAgeRates, date),
    proContract: valueOn('règles du contrat de professionnalisation', lists.proContract, date),
    proContractPayFloors: valueOn('rémunération minimale du contrat de professionnalisation', lists.proContractPayFloors, date),
    proContractFunding: valueOn('prise en charge OPCA du contrat de professionnalisation', lists.proContractFunding, date),
    tempPathways: valueOn('règles des parcours intérimaires', lists.tempPathways, date),
    pairs: valueOn('règles des binômes intergénérationnels', lists.pairs, date),
    pairAid: inForce(lists.pairAid, date)?.value ?? null,
    acteIITargets: inForce(lists.acteIITargets, date)?.value ?? null,
  };
}

/** Rules accept either a snapshot already resolved for the record's date or the dated lists. */
export type ParameterSource = ActeIIParameters | ActeIIParameterLists;

export function isParameterLists(source: ParameterSource): source is ActeIIParameterLists {
  return Array.isArray(source.smic);
}

/** The snapshot for a day: resolved from the lists, or the given snapshot as is. */
export function snapshotOn(source: ParameterSource, date: IsoDate): ActeIIParameters {
  return isParameterLists(source) ? resolveActeIIParameters(date, source) : source;
}

/**
 * SMIC for a given day. Revaluations apply to contracts already running, so with the
 * dated lists the SMIC follows the day; a snapshot carries only the SMIC of its own date.
 */
export function smicOn(source: ParameterSource, date: IsoDate): Smic {
  return isParameterLists(source) ? valueOn('SMIC', source.smic, date) : source.smic;
}

/** The pairs' rules in force on a day (a pair's: its start). */
export const pairRulesOn = (day: IsoDate, lists: ActeIIParameterLists = ACTE_II_PARAMETERS): PairRules =>
  valueOn('règles des binômes intergénérationnels', lists.pairs, day);

/** The temp pathways' rules in force on a day (an exit's: its date). */
export const tempPathwayRulesOn = (day: IsoDate, lists: ActeIIParameterLists = ACTE_II_PARAMETERS): TempPathwayRules =>
  valueOn('règles des parcours intérimaires', lists.tempPathways, day);

/** The Acte II targets in force on a day, when no target is configured on the measures. */
export const acteIITargetsOn = (day: IsoDate, lists: ActeIIParameterLists = ACTE_II_PARAMETERS): ActeIITargets | null =>
  inForce(lists.acteIITargets, day)?.value ?? null;
