/** Injection tokens for the two values every module may need: the parsed config and the open database. */
export const CONTROL_PLANE_CONFIG = Symbol('ControlPlaneConfig');
export const DATABASE = Symbol('Database');
