// Limits the task routes check before they load the task subsystem (./on-demand.ts).

/** Largest task table accepted (a real one is well under 1 MB). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024
