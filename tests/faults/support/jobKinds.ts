/** Kinds of job the fault tests register, in the test process and in the processes it kills. */
export const BLOCKING_JOB = 'test.blocking';
