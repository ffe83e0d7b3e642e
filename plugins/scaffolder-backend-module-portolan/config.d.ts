export interface Config {
  portolan?: {
    /** Portolan's scaffolder actions. */
    scaffolder?: {
      /**
       * Where `portolan:publish:local-git` publishes new repositories when no
       * forge is reachable (the demo): one git working tree per repository,
       * `<baseDir>/<name>`. Relative paths are taken from the backend's
       * working directory. Setting it also lets the catalog register `file`
       * locations (see `catalogModulePortolanLocalRepositories`).
       */
      localGit?: {
        baseDir: string;
        /** Commit author; default `Portolan Scaffolder <scaffolder@portolan.invalid>`. */
        authorName?: string;
        authorEmail?: string;
      };
    };
  };
}
