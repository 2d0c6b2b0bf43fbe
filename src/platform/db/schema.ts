import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table shapes as the code sees them (camelCase; the database uses snake_case).
 * Money columns end in `Cents`, calendar dates are 'YYYY-MM-DD' strings, instants are
 * UTC ISO strings, JSON payloads are text. Boolean columns start with is/has.
 */
type Id = Generated<number>;
type Version = ColumnType<number, number | undefined, number>;
/** Added after the first records: absent from older writers, null when unknown. */
type EmploymentAreaColumn = ColumnType<string | null, string | null | undefined, string | null>;

export interface OrganisationTable {
  id: Id; kind: string; name: string; siret: string | null; departement: string | null; employmentArea: EmploymentAreaColumn;
  address: string | null; isActive: boolean; createdAt: string; version: Version;
}
export interface UserTable {
  id: Id; email: string; displayName: string; passwordHash: string | null; oidcSubject: string | null;
  isActive: boolean; createdAt: string; version: Version;
}
export interface MembershipTable {
  id: Id; userId: number; organisationId: number; role: string; createdAt: string;
}
export interface SessionTable {
  id: string; userId: number; membershipId: number; createdAt: string; expiresAt: string; lastSeenAt: string;
}
export interface LoginAttemptTable { key: string; windowStart: string; count: number; lastFailureAt: ColumnType<string | null, string | null | undefined, string | null> }
export interface CostlyWorkTable { id: string; kind: string; userId: number; startedAt: string; leaseUntil: string; finishedAt: string | null }
export interface HistoryEventTable {
  id: Id; entityType: string; entityId: number; sequence: number; action: string;
  actorUserId: number | null; actorOrganisationId: number | null; at: string; motivation: string | null;
  changes: string; previousHash: string; hash: string;
}
export interface SteeringSnapshotTable {
  scopeKey: string; factsVersion: number; builtOn: string; builtAt: string; buildMs: number; payload: string;
}
export interface ChangedEntityTable { id: Id; entityType: string; entityId: number }
export interface SteeringFactTable {
  entityType: string; entityId: number; fact: string; measureId: number; funders: string; departement: string; area: string; section: string; day: string;
  k1: string; k2: string; k3: string; k4: string; n: number; v1: number;
}
export interface SteeringCellTable {
  fact: string; month: string; departement: string; entityType: string; measureId: number; funders: string; area: string; section: string;
  k1: string; k2: string; n: number; v1: number; factCount: number;
}
export interface SecrecyGroupTable {
  fact: string; departement: string; entityType: string; measureId: number; area: string; section: string;
  k1: string; k2: string; k3: string; k4: string; reserved: string; n: number; factCount: number;
}
export interface SecrecyProtectionTable { population: string; threshold: number; peopleVersion: number; changes: string }
export interface SteeringStateTable { id: number; version: number; rebuiltAt: string | null; peopleVersion: number }
export interface JobTable {
  id: Id; kind: string; payload: string; status: string; attempts: number; runAfter: string;
  lockedAt: string | null; lockedBy: string | null; progress: number; progressLabel: string | null;
  result: string | null; error: string | null; createdBy: number | null; organisationId: number | null;
  createdAt: string; finishedAt: string | null;
  /** Until when the claiming process holds the job; renewed while it runs (migration 012). */
  leaseUntil: string | null;
  /** At most one pending or running job per key (migration 012). */
  uniqueKey: string | null;
}
export interface NotificationTable {
  id: Id; organisationId: number; subject: string; body: string; link: string | null;
  createdAt: string; readAt: string | null;
  /** Set by jobs: unique per recipient, so a rerun writes nothing twice (migration 012). */
  effectKey: string | null;
  /** Which preference of each member applies (migration 022); read state is per user in notification_reads. */
  kind: ColumnType<string, string | undefined, string>;
}
export interface NotificationReadTable { notificationId: number; userId: number; readAt: string }
export interface NotificationPreferenceTable { userId: number; kind: string; mode: string; updatedAt: string }
export interface ReminderTable {
  id: Id; itemKind: string; itemId: number; requestId: number; organisationId: number; sentOn: string; dueOn: string; sentAt: string;
}
export interface EmailTable {
  id: Id; toAddress: string; subject: string; body: string; createdAt: string; sentAt: string | null;
  effectKey: string | null;
  /** Delivery over SMTP (migration 020): the item's path, attempts so far, last refusal, next try, sender's lease. */
  link: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
  nextAttemptAt: string | null;
  claimedUntil: string | null;
}
/** Always empty: readiness writes a row and rolls it back (migration 012). */
export interface HealthProbeTable { writtenAt: string; filler: Buffer }
export interface DocumentTable {
  id: Id; kind: string; ownerType: string; ownerId: number; organisationId: number | null; filename: string;
  contentType: string; content: Buffer; createdAt: string;
}

export interface ProgrammeTable {
  id: Id; code: string; name: string; description: string | null; startsOn: string; endsOn: string | null; version: Version;
}
export interface MeasureTable {
  id: Id; programmeId: number; code: string; name: string; kind: string; startsOn: string; endsOn: string | null;
  version: Version;
}
export interface TargetTable { id: Id; measureId: number; indicator: string; label: string; value: number; version: Version }
export interface EnvelopeTable {
  id: Id; measureId: number; funder: string; amountCents: number; version: Version;
  /** Committed on this envelope net of releases, kept by src/programmes/envelopeBalance.ts. */
  committedCents: ColumnType<number, number | undefined, number>;
}
export interface FundingRuleTable {
  id: Id; measureId: number; funder: string; label: string; validFrom: string; validTo: string | null;
  maxRateBp: number | null; hourlyCapCents: number | null; maxHeadcount: number | null; version: Version;
}
export interface RoutingRuleTable {
  id: Id; measureId: number; organisationId: number | null; funder: string | null; departement: string | null;
  nafSection: string | null; isJobSeekersOnly: boolean; isRequired: boolean; label: string; version: Version;
}

export interface FundingRequestTable {
  id: Id; reference: string; measureId: number; companyId: number; trainingFundId: number | null; status: string;
  companyName: string; siret: string; nafCode: string | null; idcc: string | null; headcount: number | null; departement: string | null; employmentArea: EmploymentAreaColumn;
  /** searchKey(companyName), kept by every writer: the indexed prefix search of the lists. */
  searchName: string | null;
  activityDropStart: string | null; activityDropEnd: string | null; justificationKind: string | null;
  authorisationReference: string | null; partialActivityHours: number | null;
  retentionCommitmentMonths: number | null; retentionCommitment: string | null;
  traineeCount: number; trainingHours: number; teachingCostCents: number; payCostCents: number; totalCostCents: number;
  realisedHours: number; realisedCostCents: number; committedCents: number; paidCents: number;
  submittedAt: string | null; decidedAt: string | null; closedAt: string | null;
  createdAt: string; updatedAt: string; createdBy: number | null; isImported: boolean; version: Version;
}
export interface RequestEmployeeTable {
  id: Id; requestId: number; lastName: string; firstName: string; birthDate: string; sex: string;
  socioProfessionalCategory: string; level1969: string; level2019: string; contractType: string; situation: string;
}
export interface TrainingActionTable {
  id: Id; requestId: number; position: number; title: string; objective: string; providerName: string;
  providerSiret: string; hoursPerTrainee: number; startDate: string; endDate: string; teachingCostCents: number;
  hourlyWageCents: number; realisedHours: number | null; realisedTrainees: number | null;
  realisedTeachingCostCents: number | null; realisedPayCostCents: number | null;
}
export interface ActionTraineeTable { actionId: number; employeeId: number }
export interface FundingLineTable {
  id: Id; requestId: number; position: number; funder: string; proposedCents: number; approvedCents: number | null;
}
export interface RequestPartnerTable {
  id: Id; requestId: number; organisationId: number; reason: string; isRequired: boolean;
  /** Opinion deadline (migration 022): computed when routed, or set by the secretariat (`isDueDateSet`). */
  routedOn: ColumnType<string | null, string | null | undefined, string | null>;
  opinionDueOn: ColumnType<string | null, string | null | undefined, string | null>;
  isDueDateSet: ColumnType<boolean, boolean | undefined, boolean>;
}
export interface OpinionTable {
  id: Id; requestId: number; organisationId: number; verdict: string; comment: string; funder: string | null;
  proposedCents: number | null; authorId: number; createdAt: string; updatedAt: string; version: Version;
}
export interface InformationRequestTable {
  id: Id; requestId: number; reason: string; askedBy: number; askedByOrganisationId: number; askedAt: string;
  answer: string | null; answeredBy: number | null; answeredAt: string | null;
  replyDueOn: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface PrivateMessageTable {
  id: Id; requestId: number; organisationId: number; authorId: number; body: string; createdAt: string;
}
export interface DocumentBlobTable { key: string; content: Buffer; sizeBytes: number; sha256: string; createdAt: string }
export interface ExpectedDocumentTable {
  id: Id; measureId: number; stage: string; label: string; isRequired: boolean; position: number;
  validFrom: string; validTo: string | null; version: Version;
}
export interface RequestMessageTable { id: Id; requestId: number; organisationId: number; authorId: number; body: string; createdAt: string }
export interface InformationRequestItemTable {
  id: Id; informationRequestId: number; requestId: number; expectedDocumentId: number | null; label: string; documentId: number | null;
}
export interface RequestDocumentTable {
  id: Id; requestId: number; stage: string | null; expectedDocumentId: number | null; informationItemId: number | null;
  messageId: number | null; label: string; organisationId: number; createdBy: number; createdAt: string; version: Version;
}
export interface RequestDocumentVersionTable {
  id: Id; documentId: number; versionNo: number; filename: string; contentType: string; sizeBytes: number; sha256: string;
  storageKey: string; organisationId: number; uploadedBy: number; uploadedAt: string;
}
export interface CellSessionTable {
  id: Id; reference: string; heldOn: string; status: string; openedAt: string | null; closedAt: string | null;
  createdBy: number; createdAt: string; version: Version;
  chairName: ColumnType<string | null, string | null | undefined, string | null>;
  chairTitle: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the minutes and letters were stored: set once, by the documents job. */
  documentsAt: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface CellMemberTable { id: Id; organisationId: number; representative: string | null; title: string | null; createdAt: string }
export interface SessionAttendeeTable { id: Id; sessionId: number; organisationId: number; representative: string | null; title: string | null }
export interface AgendaItemTable {
  id: Id; sessionId: number; requestId: number; position: number; decision: string | null; motivation: string | null;
  decidedBy: number | null; decidedAt: string | null;
}
export interface DecisionLineTable { id: Id; agendaItemId: number; funder: string; approvedCents: number }
export interface CommitmentTable {
  id: Id; requestId: number; envelopeId: number; funder: string; amountCents: number; releasedCents: number;
  sessionId: number | null; createdAt: string;
}
export interface PaymentTable {
  id: Id; requestId: number; funder: string; amountCents: number; paidOn: string; reference: string;
  recordedBy: number; organisationId: number; createdAt: string;
}

export interface NafCodeTable { code: string; label: string; division: string; section: string }
export interface NafSectionTable { code: string; label: string }
export interface RomeCodeTable { code: string; label: string }
export interface IdccFundTable { id: Id; idcc: string; branch: string; fund: string; validFrom: string; validTo: string | null; note: string | null }
export interface JobTensionTable { id: Id; romeCode: string; fapCode: string; fapLabel: string; tensionBp: number }

export interface TutorTable {
  id: Id; companyId: number; lastName: string; firstName: string; birthDate: string | null;
  relatedExperienceMonths: number; isEmployer: boolean; createdAt: string; version: Version;
}
export interface ProContractTable {
  id: Id; reference: string; companyId: number; trainingFundId: number; tutorId: number | null;
  lastName: string; firstName: string; birthDate: string; sex: string; level1969: string;
  hasRecognisedQualification: boolean; isJobSeeker: boolean; publics: string; contractType: string;
  startDate: string; endDate: string; extendedDurationReason: string | null; trainingHoursHundredths: number;
  hasBranchTrainingAbove25: boolean; targetedQualification: string; targetedLevel: string; providerName: string;
  grossMonthlyPayCents: number; branchMinimumMonthlyCents: number | null; branchHourlyRateCents: number | null;
  tutorTrainingHoursHundredths: number | null; isReservedForPair: boolean; isQuotaOverride: boolean; fundingCents: number;
  actualEndDate: string | null; endReason: string | null; certification: string | null; situationAtExit: string | null;
  situationAfter6Months: string | null; followUpDueFrom: string; followUpLateAfter: string; isImported: boolean;
  createdBy: number | null; createdAt: string; updatedAt: string; version: Version;
}
export interface TempPathwayTable {
  id: Id; reference: string; agencyId: number; lastName: string; firstName: string; birthDate: string; sex: string;
  level1969: string; schoolingRoute: string; hasVocationalDiploma: boolean; entryDate: string; versatility: number;
  trainingHoursHundredths: number; missionHoursHundredths: number; costCents: number; financedCents: number;
  exitDate: string | null; outcome: string | null; createdBy: number | null; createdAt: string; updatedAt: string; version: Version;
}
export interface PathwayPeriodTable {
  id: Id; pathwayId: number; position: number; kind: string; startDate: string; endDate: string; hoursHundredths: number;
  costCents: number | null; romeCode: string | null; providerName: string | null; userCompany: string | null;
  targetedQualification: string | null;
}
export interface PathwayFundingLineTable { id: Id; pathwayId: number; envelopeId: number; funder: string; amountCents: number }
export interface PairTable {
  id: Id; reference: string; companyId: number; juniorContractId: number; seniorLastName: string; seniorFirstName: string;
  seniorBirthDate: string; seniorSex: string; expectedRetirementDate: string; startDate: string; endDate: string;
  fullTimeSalaryCents: number; activityBp: number; payBp: number; hasWrittenAgreement: boolean;
  isEmployerPayingSupplement: boolean; createdBy: number | null; createdAt: string; updatedAt: string; version: Version;
}

/** Acte III observatory (migration 019). A masked BMO count is null with its flag set. */
export interface ObservatoryImportTable {
  id: Id; dataset: string; filename: string; years: string; rowCount: number; keptCount: number; maskedCount: number;
  isSynthetic: boolean; importedBy: number | null; importedAt: string;
}
export interface ObservatoryBmoTable {
  id: Id; year: number; areaCode: string; fapVersion: string; fapCode: string; fapLabel: string;
  projects: number | null; difficult: number | null; seasonal: number | null;
  projectsMasked: boolean; difficultMasked: boolean; seasonalMasked: boolean; importId: number;
}
export interface ObservatoryMarketTable {
  id: Id; year: number; areaCode: string; romeCode: string; offers: number | null; seekersA: number | null;
  seekersAbc: number | null; exitsAbc: number | null; employment: number | null; importId: number;
}
export interface ObservatoryMobilityTable { id: Id; romeCode: string; targetRomeCode: string; kind: number; rank: number; importId: number }
export interface ObservatoryCrosswalkTable { fapVersion: string; fapCode: string; romeCode: string }
export interface ObservatoryPermitTable { id: Id; year: number; quarter: number; canton: string; workers: number; importId: number }
export interface ObservatoryBorderResidentTable { id: Id; year: number; areaCode: string; workingInSwitzerland: number; labourForce: number | null; importId: number }
export interface ObservatoryWatchlistTable {
  id: Id; romeCode: string; reason: string; source: string; taggedOn: string; organisationId: number;
  updatedBy: number | null; updatedAt: string; version: Version;
}
export interface ObservatoryAlertRuleTable {
  id: Id; kind: string; label: string; minRiseHundredths: number | null; minDifficultBp: number | null; minSeekers: number | null;
  throttleDays: number; isActive: boolean; version: Version;
}
export interface ObservatoryDigestTable { id: Id; producedAt: string; alertCount: number; body: string }
export interface ObservatoryAlertTable {
  id: Id; ruleId: number; areaCode: string; fapCode: string; year: number; value: string; openedAt: string; status: string;
  seenAt: string | null; actedAt: string | null; actedBy: number | null; digestId: number | null;
}
export interface ObservatoryDiagnosticPointTable {
  id: Id; areaCode: string; kind: string; text: string; indicator: string; organisationId: number;
  updatedBy: number | null; updatedAt: string; version: Version;
}
export interface ObservatoryPlanTable {
  id: Id; kind: string; areaCode: string; romeCode: string; sourceRomeCode: string | null; headcount: number; note: string;
  organisationId: number; createdBy: number | null; createdAt: string;
}

export interface Schema {
  organisations: OrganisationTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  loginAttempts: LoginAttemptTable;
  costlyWork: CostlyWorkTable;
  historyEvents: HistoryEventTable;
  jobs: JobTable;
  steeringSnapshots: SteeringSnapshotTable;
  changedEntities: ChangedEntityTable;
  steeringFacts: SteeringFactTable;
  steeringCells: SteeringCellTable;
  secrecyGroups: SecrecyGroupTable;
  secrecyProtections: SecrecyProtectionTable;
  steeringState: SteeringStateTable;
  notifications: NotificationTable;
  notificationReads: NotificationReadTable;
  notificationPreferences: NotificationPreferenceTable;
  reminders: ReminderTable;
  emails: EmailTable;
  documents: DocumentTable;
  healthProbes: HealthProbeTable;
  programmes: ProgrammeTable;
  measures: MeasureTable;
  targets: TargetTable;
  envelopes: EnvelopeTable;
  fundingRules: FundingRuleTable;
  routingRules: RoutingRuleTable;
  fundingRequests: FundingRequestTable;
  requestEmployees: RequestEmployeeTable;
  trainingActions: TrainingActionTable;
  actionTrainees: ActionTraineeTable;
  fundingLines: FundingLineTable;
  requestPartners: RequestPartnerTable;
  opinions: OpinionTable;
  informationRequests: InformationRequestTable;
  privateMessages: PrivateMessageTable;
  documentBlobs: DocumentBlobTable;
  expectedDocuments: ExpectedDocumentTable;
  requestMessages: RequestMessageTable;
  informationRequestItems: InformationRequestItemTable;
  requestDocuments: RequestDocumentTable;
  requestDocumentVersions: RequestDocumentVersionTable;
  cellSessions: CellSessionTable;
  agendaItems: AgendaItemTable;
  cellMembers: CellMemberTable;
  sessionAttendees: SessionAttendeeTable;
  decisionLines: DecisionLineTable;
  commitments: CommitmentTable;
  payments: PaymentTable;
  nafCodes: NafCodeTable;
  nafSections: NafSectionTable;
  romeCodes: RomeCodeTable;
  idccFunds: IdccFundTable;
  jobTension: JobTensionTable;
  tutors: TutorTable;
  proContracts: ProContractTable;
  tempPathways: TempPathwayTable;
  pathwayPeriods: PathwayPeriodTable;
  pathwayFundingLines: PathwayFundingLineTable;
  pairs: PairTable;
  observatoryImports: ObservatoryImportTable;
  observatoryBmo: ObservatoryBmoTable;
  observatoryMarket: ObservatoryMarketTable;
  observatoryMobility: ObservatoryMobilityTable;
  observatoryCrosswalk: ObservatoryCrosswalkTable;
  observatoryPermits: ObservatoryPermitTable;
  observatoryBorderResidents: ObservatoryBorderResidentTable;
  observatoryWatchlist: ObservatoryWatchlistTable;
  observatoryAlertRules: ObservatoryAlertRuleTable;
  observatoryDigests: ObservatoryDigestTable;
  observatoryAlerts: ObservatoryAlertTable;
  observatoryDiagnosticPoints: ObservatoryDiagnosticPointTable;
  observatoryPlans: ObservatoryPlanTable;
}

export type Row<T extends keyof Schema> = Selectable<Schema[T]>;
export type NewRow<T extends keyof Schema> = Insertable<Schema[T]>;
export type RowUpdate<T extends keyof Schema> = Updateable<Schema[T]>;
