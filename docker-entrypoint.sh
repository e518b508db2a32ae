#!/bin/sh
# The production image starts with DEBUG off (the Dockerfile sets DEBUG=0). Turning it on shows
# stack traces and settings to anyone, so it also takes ALLOW_DEBUG=1, said on purpose.
debug=$(printf '%s' "${DEBUG:-0}" | tr '[:upper:]' '[:lower:]' | tr -d '[:space:]')
case "$debug" in
  1|true|yes|on)
    if [ "${ALLOW_DEBUG:-0}" != "1" ]; then
      echo "Refusing to start: DEBUG is on in the production image. Set DEBUG=0, or ALLOW_DEBUG=1 for a trial." >&2
      exit 64
    fi
    ;;
esac
exec "$@"
