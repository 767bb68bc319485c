# Multi-stage build: compile in the Rust image, run from a slim Debian.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release -p headpress-server && strip target/release/headpress

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/headpress headpress \
    && mkdir -p /var/lib/headpress && chown headpress /var/lib/headpress
COPY --from=build /src/target/release/headpress /usr/local/bin/headpress
USER headpress
WORKDIR /var/lib/headpress
ENV HEADPRESS_BIND=0.0.0.0:8000 HEADPRESS_LOG_FORMAT=json
EXPOSE 8000
ENTRYPOINT ["headpress"]
CMD ["serve"]
