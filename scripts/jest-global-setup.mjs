import { resolveTestServices } from './jest-services.mjs';

export default async function globalSetup() {
  globalThis.__porticoContainers = await resolveTestServices();
}
