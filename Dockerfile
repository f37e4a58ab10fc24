# The production jar in a JRE image. Build the jar first: ./mvnw package -DskipTests
# It holds no embedded servers: give it spring.r2dbc.url, spring.data.redis.url and
# stagedoor.token.secret (docker-compose.yml does, by environment variables).
FROM eclipse-temurin:17-jre
RUN groupadd --system stagedoor && useradd --system --gid stagedoor --no-create-home stagedoor
WORKDIR /app
COPY target/stagedoor.jar /app/stagedoor.jar
USER stagedoor
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/stagedoor.jar"]
