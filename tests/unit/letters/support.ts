// Shared fixtures of the letter tests.
import { DEFAULT_RECONSIDERATION_FIRST, type RemedySettings } from '../../../workflows/letters'

export * from '../../../workflows/letters'

export const REMEDIES_FOR_TEST: RemedySettings = {
  reconsiderationBody: { name: '示范县人民政府', address: '示范县人民路1号' },
  reconsiderationFirst: DEFAULT_RECONSIDERATION_FIRST,
}
