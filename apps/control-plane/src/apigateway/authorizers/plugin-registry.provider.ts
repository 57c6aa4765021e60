import type { Provider } from '@nestjs/common';
import { loadPlugins, type PluginRegistry } from '@portico/engine-authorizers';
import type { ControlPlaneConfig } from '../../config.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';

/** Injection token for the authorizer plugins this control plane validates configs against. */
export const PLUGIN_REGISTRY = Symbol('PluginRegistry');

/**
 * Loads PORTICO_PLUGINS once at start-up and refuses to start when a plugin cannot be imported, targets another
 * SDK or is malformed: authorizers naming it could neither be validated nor served.
 */
export const pluginRegistryProvider: Provider = {
  provide: PLUGIN_REGISTRY,
  inject: [CONTROL_PLANE_CONFIG],
  async useFactory(config: ControlPlaneConfig): Promise<PluginRegistry> {
    const loaded = await loadPlugins(config.plugins ?? []);
    if (!loaded.ok) throw new Error(`PORTICO_PLUGINS could not be loaded:\n  - ${loaded.problems.join('\n  - ')}`);
    return loaded.registry;
  },
};
