#!/usr/bin/env bash
# Starts the local Rete network on 127.0.0.1: Kafka (KRaft) on 9092, the schema registry on 8081
# (Confluent-compatible API at /apis/ccompat/v7), the partner services (8101, 8102, 8103) and the cabina di regia,
# the control room's dashboard (http://127.0.0.1:8100/).
# State and logs live in .local-network/ (kept across restarts). Stop with Ctrl-C.
#
#   ./start-local-network.sh                    # build, then start everything
#   ./start-local-network.sh --no-partners      # broker + registry + cabina di regia
#   ./start-local-network.sh --no-cabina        # without the cabina di regia
#   ./start-local-network.sh --help             # all options (ports, partner list, jars, ...)
#   SKIP_BUILD=1 ./start-local-network.sh       # start without building first
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "Building the project (mvn -q -DskipTests install) ..."
  if ! mvn -q -DskipTests install; then
    echo "Build failed: fix it, or start the last built jars with SKIP_BUILD=1 $0 $*" >&2
    exit 1
  fi
fi

launcher=services/local-network/target/local-network.jar
if [[ ! -f "$launcher" ]]; then
  echo "$launcher not found: build it with: mvn -q -DskipTests -pl services/schema-registry,services/local-network install" >&2
  exit 1
fi
exec java -Xmx512m -jar "$launcher" "$@"
