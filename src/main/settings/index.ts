/** Settings and API keys of the lab core (keys: a SecretStore; never in clear on disk, in logs or over the API). */
export * from './secret-store';
export * from './settings-service';
