# realtime-hub on a JRE-only image, as a non-root user.
#   docker build -t realtime-hub .
#   docker run -p 8000:8000 -e HUB__http__host=0.0.0.0 -e HUB__api__keys='["..."]' \
#     -e HUB__auth__jwt__pubSecKeys='[{"algorithm":"HS256","buffer":"..."}]' realtime-hub
# Secrets come from environment variables (HUB__a__b) or a mounted directory (HUB_CONFIG_DIR, one file per key
# path, e.g. a Kubernetes Secret), never from the command line, which any local user can read in /proc.
# The shipped development credentials keep the node on 127.0.0.1 until they are replaced (README, Configuration).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, in their own layer: a source change does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline -DskipTests
COPY src ./src
COPY conf ./conf
# Tests are not compiled here: some (the client module ITs) need client/, which the image build does not copy.
RUN mvn -B -q -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
# A fixed uid, so Kubernetes' runAsNonRoot can check it and mounted secrets can be made readable to it.
RUN groupadd --system --gid 10001 hub && useradd --system --uid 10001 --gid hub --home-dir /app --no-create-home hub
WORKDIR /app
COPY --from=build /src/target/realtime-hub.jar /app/realtime-hub.jar
COPY conf/hub.json /app/conf/hub.json
COPY cluster.xml /app/cluster.xml
# Heap from the container's memory limit; Vert.x unpacks the admin page's files under /tmp (writable even when the
# root file system is read-only, given a tmpfs or emptyDir there).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -Dvertx.cacheDirBase=/tmp/vertx-cache -Dhazelcast.phone.home.enabled=false"
USER 10001:10001
# HTTP (clients, API, admin, metrics); Hazelcast members.
EXPOSE 8000 5701
# docker stop sends SIGTERM: the hub stops taking connections, closes them with 3001 over shutdown.drainWindowMs
# (10 s in conf/hub.json), leaves the cluster and exits 0, within drain window + 15 s. Give docker stop that long
# (docker stop -t 30, or stop_grace_period in compose): its default of 10 s kills the drain.
STOPSIGNAL SIGTERM
# /ready is 200 only while listening, joined and not draining. No curl in the image: bash's /dev/tcp does.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8000 && printf 'GET /ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
# Exec form: java is PID 1 and receives the signal itself.
ENTRYPOINT ["java", "-jar", "/app/realtime-hub.jar"]
CMD ["-conf", "/app/conf/hub.json"]
