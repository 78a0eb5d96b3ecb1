// Shared fixtures of the letter tests.
import type { RemedySettings } from '../../../workflows/letters'

export * from '../../../workflows/letters'

export const REMEDIES_FOR_TEST: RemedySettings = {
  reconsiderationBody: { name: '示范县人民政府', address: '示范县人民路1号' },
  reconsiderationFirst: [
    'withheld_state_secret',
    'withheld_prohibited_by_law',
    'withheld_security_stability',
    'withheld_third_party_rights',
    'withheld_internal_affairs',
    'withheld_process_information',
    'withheld_enforcement_files',
    'partially_disclosed',
  ],
}
