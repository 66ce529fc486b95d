#!/bin/sh
# Regenerates the test PKI (valid for 100 years): a CA, a broker certificate for localhost/127.0.0.1 in PKCS#12
# stores, and a client certificate with its key as PEM, PKCS#8 and PKCS#1. Needs the JDK's keytool and openssl.
set -eu
cd "$(dirname "$0")"
rm -f ./*.p12 ./*.pem ./*.key ./*.crt ./*.csr
kt() { keytool "$@" -storetype PKCS12 -storepass changeit; }
kt -genkeypair -alias ca -keyalg RSA -keysize 2048 -dname "CN=Peregrine Test CA" -ext bc:c -validity 36500 -keystore ca.p12
kt -exportcert -rfc -alias ca -keystore ca.p12 -file ca.pem
kt -importcert -noprompt -alias ca -file ca.pem -keystore truststore.p12
for who in broker client; do
  if [ $who = broker ]; then dname=CN=localhost; ext="-ext SAN=dns:localhost,ip:127.0.0.1"; else dname=CN=peregrine; ext=; fi
  kt -genkeypair -alias $who -keyalg RSA -keysize 2048 -dname $dname -validity 36500 -keystore $who.p12
  kt -certreq -alias $who -keystore $who.p12 -file $who.csr
  kt -gencert -rfc -alias ca -keystore ca.p12 -infile $who.csr -outfile $who.crt -validity 36500 $ext
  kt -importcert -noprompt -alias ca -file ca.pem -keystore $who.p12
  kt -importcert -alias $who -file $who.crt -keystore $who.p12
done
mv client.crt client.pem
openssl pkcs12 -in client.p12 -passin pass:changeit -nocerts -nodes | openssl pkey -out client-pkcs8.key
openssl pkey -in client-pkcs8.key -traditional -out client-pkcs1.key
rm -f ./*.csr broker.crt ca.p12
