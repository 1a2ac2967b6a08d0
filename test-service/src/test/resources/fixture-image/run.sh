#!/bin/sh
echo "entrypoint ran: $*"
exit 42
