/**
 * Packages the AWS SDK imports only on demand and never in Lambda, where credentials come from the environment:
 * the SSO/INI/process/web-identity/login credential providers (and the clients they use) and bowser (browsers).
 * Left out of every function bundle (`bundling.externalModules`); `npm run bench` measures the bundle built so.
 */
export const SDK_ON_DEMAND_ONLY = [
  'bowser',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/token-providers',
  '@aws-sdk/nested-clients',
  '@aws-sdk/nested-clients/*',
];
