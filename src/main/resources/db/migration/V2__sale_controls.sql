-- Operating a sale: when a concert's line opens, the operators' runtime controls, and who changed
-- what. Instants are DATETIME(6) holding UTC, as in V1.

-- NULL: the line is open from the start. Before this instant arrivals wait in a pre-queue and are
-- placed in the line in a random order at the open.
ALTER TABLE concert ADD COLUMN sale_opens_at DATETIME(6) NULL;

-- The durable copy of a concert's runtime controls (Redis holds the live one, which every instance's
-- scripts read each tick). NULL limits mean the configured defaults (stagedoor.queue.*).
CREATE TABLE queue_control (
    concert_id      BIGINT      NOT NULL,
    paused          BOOLEAN     NOT NULL DEFAULT FALSE,
    draining        BOOLEAN     NOT NULL DEFAULT FALSE,
    max_active      INT         NULL,
    admit_per_tick  INT         NULL,
    updated_at      DATETIME(6) NOT NULL,
    updated_by      VARCHAR(64) NOT NULL,
    PRIMARY KEY (concert_id),
    CONSTRAINT fk_queue_control_concert FOREIGN KEY (concert_id) REFERENCES concert (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Every change an operator made, with who, from where and when.
CREATE TABLE admin_audit (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    at          DATETIME(6)  NOT NULL,
    actor       VARCHAR(64)  NOT NULL,
    address     VARCHAR(64)  NOT NULL,
    concert_id  BIGINT       NOT NULL,
    change_json VARCHAR(500) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_admin_audit_concert (concert_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
