package cluster

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writePEM writes a certificate or a key as PEM.
func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// testCerts makes a CA and a certificate it signs for 127.0.0.1 (server
// and client use), and returns the files: ca, cert, key.
func testCerts(t *testing.T) (string, string, string) {
	t.Helper()
	dir := t.TempDir()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
	caCert, _ := x509.ParseCertificate(caDER)
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	caFile, certFile, keyFile := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writePEM(t, caFile, "CERTIFICATE", caDER)
	writePEM(t, certFile, "CERTIFICATE", leafDER)
	writePEM(t, keyFile, "EC PRIVATE KEY", keyDER)
	return caFile, certFile, keyFile
}

// TestTLS: a server with TLS (verifying clients) takes a client with the
// CA and a certificate, and refuses one in plaintext or without a
// certificate.
func TestTLS(t *testing.T) {
	ca, cert, key := testCerts(t)
	k := newKey(t)
	s, err := StartServer(ServerConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Users: []string{k.pub}, TLSCert: cert, TLSKey: key, TLSCA: ca})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Shutdown(); s.WaitForShutdown() }()
	url := strings.Replace(s.ClientURL(), "nats://", "tls://", 1)
	nc, err := Conn{URL: url, Creds: k.creds, TLSCA: ca, TLSCert: cert, TLSKey: key}.Dial()
	if err != nil {
		t.Fatalf("a client with TLS: %v", err)
	}
	nc.Close()
	if nc, err := (Conn{URL: s.ClientURL(), Creds: k.creds}).Dial(); err == nil {
		nc.Close()
		t.Error("a plaintext client connected to a TLS server")
	}
	if nc, err := (Conn{URL: url, Creds: k.creds, TLSCA: ca}).Dial(); err == nil {
		nc.Close()
		t.Error("a client without a certificate connected to a server that verifies them")
	}
}

// TestRouteTLSNeedsCA: routes authenticate their peers by certificate
// only, so a server routing over TLS needs the cluster's CA: verified
// against the system's roots, any publicly trusted certificate would
// join as a server.
func TestRouteTLSNeedsCA(t *testing.T) {
	k := newKey(t)
	_, cert, key := testCerts(t)
	_, err := StartServer(ServerConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Users: []string{k.pub}, TLSCert: cert, TLSKey: key,
		Name: "s", ClusterName: "test", ClusterListen: "127.0.0.1:0", Routes: []string{"nats-route://192.0.2.1:6222"}, RouteSecret: testRouteSecret})
	if err == nil || !strings.Contains(err.Error(), "need --tls-ca") {
		t.Errorf("TLS routes without a CA: %v", err)
	}
}
