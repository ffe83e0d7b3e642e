// Command etcd runs a single-member etcd server embedded from
// go.etcd.io/etcd/server/v3 (the same release line kube-apiserver v1.36 is
// built and tested against). It listens on loopback only, keeps its data in
// --data-dir, and stops cleanly on SIGINT/SIGTERM. It exists so the
// real-cluster tests build every binary they run from the Go module proxy.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

func main() {
	dataDir := flag.String("data-dir", "", "directory for etcd's data (required)")
	clientURL := flag.String("listen-client-url", "http://127.0.0.1:2379", "loopback URL for clients")
	peerURL := flag.String("listen-peer-url", "http://127.0.0.1:2380", "loopback URL for the (single) peer")
	flag.Parse()
	if *dataDir == "" {
		log.Fatal("etcd: --data-dir is required")
	}
	cu, err := url.Parse(*clientURL)
	if err != nil {
		log.Fatalf("etcd: bad --listen-client-url: %v", err)
	}
	pu, err := url.Parse(*peerURL)
	if err != nil {
		log.Fatalf("etcd: bad --listen-peer-url: %v", err)
	}
	for _, u := range []*url.URL{cu, pu} {
		if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" && h != "::1" {
			log.Fatalf("etcd: refusing to listen on %q: loopback only", u.Host)
		}
	}

	cfg := embed.NewConfig()
	cfg.Name = "portolan"
	cfg.Dir = *dataDir
	cfg.ListenClientUrls = []url.URL{*cu}
	cfg.AdvertiseClientUrls = []url.URL{*cu}
	cfg.ListenPeerUrls = []url.URL{*pu}
	cfg.AdvertisePeerUrls = []url.URL{*pu}
	cfg.InitialCluster = fmt.Sprintf("%s=%s", cfg.Name, pu.String())
	cfg.LogLevel = "warn"
	cfg.QuotaBackendBytes = 2 << 30
	cfg.ListenMetricsUrls = nil

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		log.Fatalf("etcd: start: %v", err)
	}
	select {
	case <-e.Server.ReadyNotify():
		fmt.Printf("etcd ready on %s\n", cu.String())
	case <-time.After(60 * time.Second):
		e.Server.Stop()
		log.Fatal("etcd: not ready after 60s")
	}

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-sig:
	case err := <-e.Err():
		log.Printf("etcd: %v", err)
	}
	e.Close()
}
