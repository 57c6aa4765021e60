export default async function globalTeardown() {
  await Promise.all((globalThis.__porticoContainers ?? []).map((container) => container.stop()));
}
