# shellcheck shell=bash
# Throwaway certificates made with openssl for tests that need TLS: a CA of
# their own and certificates it signs. Sourced, not run.

# make_ca DIR NAME: a self-signed CA as DIR/ca.pem with its key DIR/ca-key.pem.
make_ca() {
  mkdir -p "$1"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
    -keyout "$1/ca-key.pem" -out "$1/ca.pem" 2>/dev/null
}

# make_cert CA_DIR OUT_KEY OUT_CERT CN EXTENSIONS: a key and a certificate
# signed by the CA in CA_DIR, with the given openssl extension lines.
make_cert() {
  local ca=$1 key=$2 cert=$3 cn=$4 ext=$5
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$cn" -keyout "$key" -out "$cert.csr" 2>/dev/null
  printf '%s\n' "$ext" >"$cert.ext"
  openssl x509 -req -in "$cert.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca-key.pem" \
    -CAcreateserial -days 2 -extfile "$cert.ext" -out "$cert" 2>/dev/null
  rm -f "$cert.csr" "$cert.ext"
}
