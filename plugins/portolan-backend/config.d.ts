export interface Config {
  /** Configuration for the Portolan backend plugin. */
  portolan?: {
    /**
     * Where Portolan finds the clusters it watches. Methods are combined;
     * cluster names must be unique across all of them.
     */
    clusterLocatorMethods?: Array<{
      /** `config`, `kubeconfig`, `inCluster`, `kubernetesPlugin` or `demo`. */
      type: string;
    }>;
  };
}
