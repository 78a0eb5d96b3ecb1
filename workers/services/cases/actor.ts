// Who acts on a case: a staff member with the roles they hold in the case's own agency.
import type { Actor } from '../../../workflows/engine'
import type { AuthContext } from '../../auth/sessions'

export function staffActor(auth: AuthContext, agencyId: string): Actor {
  return {
    kind: 'staff',
    id: auth.user.id,
    roles: auth.roles.filter((r) => r.agencyId === agencyId).map((r) => r.role),
  }
}
