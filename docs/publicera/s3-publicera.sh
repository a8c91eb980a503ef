#!/bin/sh
# Insyn i ett S3-kompatibelt objektlager (Amazon S3, MinIO, Ceph, de flesta molnleverantörer),
# med kommandot aws (AWS CLI). Bygg först med `insyn build --compress`, sedan:
#
#     MAL=s3://min-bucket/insyn sh docs/publicera/s3-publicera.sh
#
# MAL       bucket och sökväg; sökvägen ska vara densamma som i base_url (här /insyn/).
# ENDPOINT  (valfri) adressen till lagret om det inte är Amazon, t.ex. https://s3.example.se
# KALLA     (valfri) den byggda mappen; standard public
#
# Ett objektlager kan inte välja fil efter vad webbläsaren klarar, som nginx och Apache gör.
# Därför läggs sidor, stilmallar, skript, SVG och XML upp gzip-packade under sina vanliga
# namn, med Content-Encoding: gzip (alla webbläsare klarar gzip). Nedladdningarna (CSV och
# JSON i data/) läggs upp opackade, så att vilket program som helst kan läsa dem. .br-filerna
# används inte.
set -eu

: "${MAL:?ange MAL, till exempel MAL=s3://min-bucket/insyn}"
MAL=${MAL%/}
KALLA=${KALLA:-public}
[ -f "$KALLA/404.html" ] || { echo "$KALLA/404.html saknas: bygg först med insyn build --compress" >&2; exit 1; }

s3() { aws ${ENDPOINT:+--endpoint-url "$ENDPOINT"} s3 "$@"; }

# Åtta hexsiffror: kontrollsumman i namnen på temats filer (style.09350229.css).
X='[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
AR='public, max-age=31536000, immutable'
NC='no-cache'

# 1. En arbetskopia där varje fil som ska packas har ersatts av sin .gz (eller packas nu, om
#    den var för liten för att Insyn skulle packa den).
ARBETE=$(mktemp -d)
trap 'rm -rf "$ARBETE"' EXIT
cp -R "$KALLA/." "$ARBETE/"
find "$ARBETE" -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.svg' \
    -o -name '*.xml' -o -name "*.$X.json" \) | while IFS= read -r f; do
    if [ -f "$f.gz" ]; then
        mv "$f.gz" "$f"
    else
        gzip -9 -n -c "$f" > "$f.packad" && mv "$f.packad" "$f"
    fi
done
# Övriga .gz och alla .br bredvid en fil med samma namn behövs inte.
find "$ARBETE" -type f \( -name '*.gz' -o -name '*.br' \) | while IFS= read -r f; do
    if [ -f "${f%.*}" ]; then rm "$f"; fi
done

# skicka MÖNSTER TYP CACHE [gzip]: ladda upp filerna som matchar, med rubrikerna.
# Temats filer (med kontrollsumma) laddas bara upp av anrop vars mönster innehåller $X.
skicka() {
    case $1 in
        *"$X"*) utom='' ;;
        *) utom="*.$X.*" ;;
    esac
    s3 cp "$ARBETE/" "$MAL/" --recursive --only-show-errors \
        --exclude '*' --include "$1" ${utom:+--exclude "$utom"} \
        --content-type "$2" --cache-control "$3" ${4:+--content-encoding "$4"}
}

# 2. Temats filer först, eftersom de nya sidorna pekar på dem.
skicka "*.$X.css" 'text/css; charset=utf-8' "$AR" gzip
skicka "*.$X.js" 'text/javascript; charset=utf-8' "$AR" gzip
skicka "*.$X.json" 'application/json' "$AR" gzip
skicka "*.$X.svg" 'image/svg+xml' "$AR" gzip
skicka "*.$X.woff2" 'font/woff2' "$AR"
skicka "*.$X.woff" 'font/woff' "$AR"

# 3. Nedladdningar och andra filer.
skicka '*.csv' 'text/csv; charset=utf-8' "$NC"
skicka '*.json' 'application/json' "$NC"
skicka '*.txt' 'text/plain; charset=utf-8' "$NC"
skicka '*.xml' 'text/xml; charset=utf-8' "$NC" gzip
skicka '*.rdf' 'application/rdf+xml' "$NC"
skicka '*.svg' 'image/svg+xml' "$NC" gzip
skicka '*.css' 'text/css; charset=utf-8' "$NC" gzip
skicka '*.js' 'text/javascript; charset=utf-8' "$NC" gzip
# Bilder, PDF och annat som ligger bredvid sidorna: typ efter filnamnet.
s3 cp "$ARBETE/" "$MAL/" --recursive --only-show-errors \
    --exclude '*.html' --exclude '*.css' --exclude '*.js' --exclude '*.svg' --exclude '*.xml' --exclude '*.rdf' \
    --exclude '*.json' --exclude '*.csv' --exclude '*.txt' --exclude "*.$X.*" \
    --cache-control "$NC"

# 4. Sidorna sist.
skicka '*.html' 'text/html; charset=utf-8' "$NC" gzip

# 5. Ta bort det som inte längre finns i bygget. Allt annat är redan uppladdat och har samma
#    storlek, så --size-only gör att inget laddas upp en gång till (utan rubrikerna ovan).
s3 sync "$ARBETE/" "$MAL/" --delete --size-only --only-show-errors

echo "Publicerat till $MAL/"
