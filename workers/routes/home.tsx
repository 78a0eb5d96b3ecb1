// `GET /`: the home page, listing every agency's disclosure form.
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { agencyDirectory } from '../services/forms'
import { HomePageView } from '../views/home-page'

export const home = new Hono<AppEnv>()

home.get('/', async (c) =>
  c.html(<HomePageView nonce={c.get('nonce')} agencies={await agencyDirectory(c.get('db'))} />),
)
