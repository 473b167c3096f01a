#!/bin/sh
# Regenerates what the scenario key tables produce: docs/scenario.schema.json and the key
# tables of docs/scenario.md between <!-- schema:NAME --> and <!-- /schema --> markers.
# Usage: scripts/schema-docs.sh BUILD/vdcsim   (tests/test-schema.c checks both are current)
set -e
bin=${1:-build/vdcsim}
"$bin" schema > docs/scenario.schema.json.tmp && mv docs/scenario.schema.json.tmp docs/scenario.schema.json
"$bin" schema --markdown | perl -0 -e '
    my $md = do { local $/; <STDIN> };
    my %block = $md =~ /(<!-- schema:[\w-]+ -->)\n(.*?)<!-- \/schema -->/sg;
    open my $f, "<", "docs/scenario.md" or die; my $doc = do { local $/; <$f> }; close $f;
    $doc =~ s{(<!-- schema:[\w-]+ -->)\n.*?<!-- /schema -->}{
        exists $block{$1} ? "$1\n$block{$1}<!-- /schema -->" : die "no table for $1\n" }sge;
    open $f, ">", "docs/scenario.md.tmp" or die; print $f $doc; close $f;
    rename "docs/scenario.md.tmp", "docs/scenario.md" or die;'
