#!/usr/bin/env bash
# Pins an overlay to a released image: sets the `images` entry of the app image (name `twinstack`) in the overlay's
# kustomization.yaml to the given repository, tag and digest, as `kustomize edit set image` would, with nothing but
# the shell. The migration Job is then named after the tag (../kustomize/transformers) and every pod runs exactly the
# digest that was released.
#   deploy-k8s/scripts/pin-image.sh <overlay dir> <repository>:<tag>@sha256:<digest>
set -euo pipefail
overlay=$1 image=$2
[[ $image =~ ^([^@]+):([^:@/]+)@(sha256:[0-9a-f]{64})$ ]] ||
  { echo "pin-image: expected <repository>:<tag>@sha256:<64 hex digits>, got '$image'" >&2; exit 2; }
repository=${BASH_REMATCH[1]} tag=${BASH_REMATCH[2]} digest=${BASH_REMATCH[3]}
file=$overlay/kustomization.yaml
grep -q '^  - name: twinstack$' "$file" || { echo "pin-image: no images entry 'twinstack' in $file" >&2; exit 2; }
awk -v repository="$repository" -v tag="$tag" -v digest="$digest" '
  /^images:/ { images = 1 }
  images && /^  - name: / { entry = ($0 == "  - name: twinstack") }
  images && /^[^ #]/ && !/^images:/ { images = 0; entry = 0 }
  entry && /^    (newName|newTag|digest):/ { next }
  { print }
  entry && $0 == "  - name: twinstack" {
    print "    newName: " repository
    print "    newTag: \"" tag "\""
    print "    digest: " digest
  }
' "$file" >"$file.pinned"
mv "$file.pinned" "$file"
echo "pinned $overlay to $repository:$tag@$digest"
