// The case search's limits (no imports: the bench in Node reads them too).

/** Trigram search needs at least this many characters; shorter text is matched as an applicant's name or ID only. */
export const MIN_SEARCH_LENGTH = 3

/**
 * A text search lists the newest this many of each agency's index matches (sorted and filtered like the list); when
 * an agency has more, the list says so and asks for a more specific search. It bounds what a common term reads.
 */
export const SEARCH_MATCH_CAP = 200
