# The production jar in a JRE image. Build the jar first: ./mvnw package -DskipTests
# It holds no embedded servers: give it spring.r2dbc.url, a Redis (spring.data.redis.url, or
# .sentinel.* or .cluster.nodes: README, Redis deployments) and stagedoor.token.secret
# (the docker-compose files do, by environment variables).
FROM eclipse-temurin:17-jre
RUN groupadd --system stagedoor && useradd --system --gid stagedoor --no-create-home stagedoor
WORKDIR /app
COPY target/stagedoor.jar /app/stagedoor.jar
USER stagedoor
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/stagedoor.jar"]
