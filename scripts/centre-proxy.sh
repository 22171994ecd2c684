#!/usr/bin/env bash
# nginx in front of the centre's nodes (role pusat): HTTPS terminated here, HTTP/1.1 to the nodes
# with WebSocket upgrades (SignalR's /hubs/live and the console's Blazor circuit), X-Forwarded-For
# and X-Forwarded-Proto (the nodes believe them from loopback or Network:TrustedProxies, so staff
# cookies are Secure), and sticky sessions by cookie: open-source nginx has no `sticky cookie`,
# so the response sets `asncat_node` to the node that answered ($upstream_addr) and a map sends the
# next request with that cookie to the same node; when that node is down, nginx falls through to
# the others (proxy_next_upstream) and the cookie follows the node that answered. The public live
# state (/api/public/live/) is micro-cached for a second, one cached answer per Accept-Encoding
# (the nodes compress it and say Vary: Accept-Encoding; nginx itself does not gzip): however many
# poll, about one request per board per second reaches a node (docs/public-api.md, Live).
#
#   scripts/centre-proxy.sh start  DIR PORT NODE...   e.g. start /tmp/pusat 8443 127.0.0.1:5001 127.0.0.1:5002
#   scripts/centre-proxy.sh stop   DIR
#   scripts/centre-proxy.sh config DIR PORT NODE...   only writes DIR/nginx.conf (and the certificate)
#
# A private instance: its configuration, pid, logs, temp folders and certificate are in DIR, it
# listens on ${ASNCAT_PROXY_ADDRESS:-127.0.0.1}:PORT, and `stop` ends it. Without a certificate a
# self-signed one is made for 127.0.0.1 and localhost (DIR/tls/centre.crt: what a test client pins).
#
# A real certificate: set ASNCAT_TLS_CERT (full chain, PEM) and ASNCAT_TLS_KEY (its key), the
# address to listen on and the name, e.g.
#   ASNCAT_TLS_CERT=/etc/letsencrypt/live/cat.example.go.id/fullchain.pem \
#   ASNCAT_TLS_KEY=/etc/letsencrypt/live/cat.example.go.id/privkey.pem \
#   ASNCAT_PROXY_ADDRESS=0.0.0.0 ASNCAT_SERVER_NAME=cat.example.go.id \
#   scripts/centre-proxy.sh start /srv/asncat/proxy 443 10.0.0.11:5000 10.0.0.12:5000
# and list the proxy's address in each node's Network:TrustedProxies when it is not on the same host.
set -euo pipefail

NGINX=$(command -v nginx || echo /usr/sbin/nginx)

usage() {
  echo "pemakaian: scripts/centre-proxy.sh start DIR PORT HOST:PORT... | stop DIR | config DIR PORT HOST:PORT..." >&2
  exit 2
}

certificate() {
  local dir="$1"
  if [ -n "${ASNCAT_TLS_CERT:-}" ] || [ -n "${ASNCAT_TLS_KEY:-}" ]; then
    [ -r "${ASNCAT_TLS_CERT:-}" ] && [ -r "${ASNCAT_TLS_KEY:-}" ] || {
      echo "centre-proxy.sh: ASNCAT_TLS_CERT dan ASNCAT_TLS_KEY harus keduanya berkas PEM yang dapat dibaca" >&2; exit 1; }
    CERT="$ASNCAT_TLS_CERT"; KEY="$ASNCAT_TLS_KEY"
    return
  fi
  CERT="$dir/tls/centre.crt"; KEY="$dir/tls/centre.key"
  if [ ! -s "$CERT" ] || [ ! -s "$KEY" ]; then
    command -v openssl >/dev/null || { echo "centre-proxy.sh: openssl belum terpasang; jalankan: scripts/services.sh install" >&2; exit 1; }
    mkdir -p "$dir/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=127.0.0.1/O=AsnCat uji" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$KEY" -out "$CERT" 2>/dev/null
    chmod 600 "$KEY"
  fi
}

config() {
  local dir="$1" port="$2"; shift 2
  [ $# -gt 0 ] || usage
  [ -x "$NGINX" ] || { echo "centre-proxy.sh: nginx belum terpasang; jalankan: scripts/services.sh install" >&2; exit 1; }
  mkdir -p "$dir/tmp" "$dir/logs" "$dir/cache"
  dir=$(cd "$dir" && pwd)
  certificate "$dir"
  local address="${ASNCAT_PROXY_ADDRESS:-127.0.0.1}" name="${ASNCAT_SERVER_NAME:-localhost}"
  local user_line=""
  # as root, nginx would switch its workers to nobody, who cannot read the key in DIR
  [ "$(id -u)" -eq 0 ] && user_line="user root root;"
  {
    echo "# written by scripts/centre-proxy.sh; nodes: $*"
    echo "$user_line"
    echo "worker_processes auto;"
    echo "pid $dir/nginx.pid;"
    echo "error_log $dir/logs/error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    echo "  access_log off;"
    echo "  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy; fastcgi_temp_path $dir/tmp/fastcgi;"
    echo "  uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;"
    echo "  client_max_body_size 64m;"
    echo "  gzip off;"
    echo "  proxy_cache_path $dir/cache levels=1:2 keys_zone=asncat_live:10m max_size=256m inactive=60s use_temp_path=off;"
    echo "  # WebSocket upgrades pass through; other requests keep the upstream connection alive"
    echo "  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }"
    # one upstream per node: that node first, every other as its backup (the fall-through)
    local i=0 node other j
    for node in "$@"; do
      i=$((i + 1))
      echo "  upstream asncat_n$i {"
      echo "    server $node max_fails=1 fail_timeout=5s;"
      j=0
      for other in "$@"; do
        j=$((j + 1))
        [ "$j" -eq "$i" ] || echo "    server $other backup;"
      done
      echo "    keepalive 32;"
      echo "  }"
    done
    echo "  upstream asncat_any {"
    for node in "$@"; do echo "    server $node max_fails=1 fail_timeout=5s;"; done
    echo "    keepalive 32;"
    echo "  }"
    echo "  # the route cookie picks the node; no or an unknown cookie: round robin"
    echo "  map \$cookie_asncat_node \$asncat_upstream {"
    echo "    default asncat_any;"
    i=0; for node in "$@"; do i=$((i + 1)); echo "    n$i asncat_n$i;"; done
    echo "  }"
    echo "  # the node that answered: the last address nginx tried"
    echo "  map \$upstream_addr \$asncat_answered {"
    echo "    default '';"
    i=0; for node in "$@"; do i=$((i + 1)); echo "    ~${node//./\\.}\$ n$i;"; done
    echo "  }"
    echo "  map \$asncat_answered \$asncat_route_cookie {"
    echo "    '' '';"
    echo "    default 'asncat_node=\$asncat_answered; Path=/; Secure; HttpOnly; SameSite=Lax';"
    echo "  }"
    echo "  server {"
    echo "    listen $address:$port ssl;"
    echo "    server_name $name;"
    echo "    ssl_certificate $CERT;"
    echo "    ssl_certificate_key $KEY;"
    echo "    ssl_protocols TLSv1.2 TLSv1.3;"
    echo "    ssl_session_cache shared:asncat_tls:10m;"
    echo "    add_header Strict-Transport-Security 'max-age=31536000' always;"
    echo "    add_header Set-Cookie \$asncat_route_cookie always;"
    echo "    # the public live state: any node answers the same board with the same tag, so no stickiness;"
    echo "    # one request per board (and Accept-Encoding) at a time goes to a node, the rest wait or get the stale copy"
    echo "    location /api/public/live/ {"
    echo "      proxy_pass http://asncat_any;"
    echo "      proxy_http_version 1.1;"
    echo "      proxy_set_header Connection '';"
    echo "      proxy_set_header Host \$http_host;"
    echo "      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
    echo "      proxy_set_header X-Forwarded-Proto \$scheme;"
    echo "      proxy_connect_timeout 2s;"
    echo "      proxy_next_upstream error timeout;"
    echo "      proxy_next_upstream_tries 3;"
    echo "      proxy_cache asncat_live;"
    echo "      proxy_cache_valid 200 1s;"
    echo "      proxy_cache_lock on;"
    echo "      proxy_cache_lock_timeout 5s;"
    echo "      proxy_cache_use_stale updating error timeout;"
    echo "      proxy_cache_revalidate on;"
    echo "    }"
    echo "    location / {"
    echo "      proxy_pass http://\$asncat_upstream;"
    echo "      proxy_http_version 1.1;"
    echo "      proxy_set_header Upgrade \$http_upgrade;"
    echo "      proxy_set_header Connection \$connection_upgrade;"
    echo "      proxy_set_header Host \$http_host;"
    echo "      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
    echo "      proxy_set_header X-Forwarded-Proto \$scheme;"
    echo "      proxy_connect_timeout 2s;"
    echo "      proxy_read_timeout 1h;"
    echo "      proxy_send_timeout 1h;"
    echo "      proxy_buffering off;"
    echo "      # a node that refuses or drops the connection: the next one (a POST only when it was not yet sent);"
    echo "      # not on a 503: that is the node answering (the database is away, see docs), and counting it as a"
    echo "      # failure would mark every node down and turn the clear 503 into nginx's 502"
    echo "      proxy_next_upstream error timeout;"
    echo "      proxy_next_upstream_tries 3;"
    echo "    }"
    echo "  }"
    echo "}"
  } > "$dir/nginx.conf"
  "$NGINX" -t -q -c "$dir/nginx.conf" -p "$dir" -e "$dir/logs/error.log"
}

start() {
  local dir="$1"
  config "$@"
  dir=$(cd "$dir" && pwd)
  if [ -s "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null; then
    "$NGINX" -c "$dir/nginx.conf" -p "$dir" -e "$dir/logs/error.log" -s reload
    echo "nginx: dimuat ulang di https://${ASNCAT_PROXY_ADDRESS:-127.0.0.1}:$2"
    return
  fi
  "$NGINX" -c "$dir/nginx.conf" -p "$dir" -e "$dir/logs/error.log"
  echo "nginx: berjalan di https://${ASNCAT_PROXY_ADDRESS:-127.0.0.1}:$2 (sertifikat $CERT)"
}

stop() {
  local dir="$1" pid
  [ -s "$dir/nginx.pid" ] || return 0
  pid=$(cat "$dir/nginx.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -QUIT "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid"
    echo "nginx: berhenti"
  fi
  rm -f "$dir/nginx.pid"
}

command="${1:-}"
shift || true
case "$command" in
  start) [ $# -ge 3 ] || usage; start "$@" ;;
  config) [ $# -ge 3 ] || usage; config "$@"; echo "$1/nginx.conf" ;;
  stop) [ $# -eq 1 ] || usage; stop "$1" ;;
  *) usage ;;
esac
