/** Portico's console endpoints (`/portico/console/...`), which have no AWS equivalent. */

/** `POST /portico/console/sessions` body: an access key pair (and the session token of temporary credentials). */
export interface ConsoleSignInInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ConsolePrincipalWire {
  arn: string;
  type: string;
  accountId: string;
}

/** The signed-in session: a bearer token (`Authorization: Bearer …`) valid until `expiresAt` (epoch seconds). */
export interface ConsoleSessionWire {
  token: string;
  expiresAt: number;
  principal: ConsolePrincipalWire;
}

/** One minute of one API stage's traffic, summed over the data planes the control plane knows. */
export interface TrafficPointWire {
  /** Start of the minute, epoch seconds. */
  time: number;
  count: number;
  '4XXError': number;
  '5XXError': number;
  /** Mean latency of the minute's requests in milliseconds (0 without requests). */
  latency: number;
}

/** `GET /portico/console/traffic/{restApiId}/{stageName}`: the last hour, minute by minute, oldest first. */
export interface TrafficWire {
  restApiId: string;
  stage: string;
  dataPlanes: number;
  points: TrafficPointWire[];
}
