-- Stagedoor's booking data. Instants are DATETIME(6) holding UTC, written and compared only with
-- values the service passes in: no NOW(), so neither the server's nor the session's zone matters.
-- Concert dates are DATE in the venue's zone (stagedoor.time-zone).

CREATE TABLE concert (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    title       VARCHAR(200) NOT NULL,
    venue       VARCHAR(200) NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE concert_date (
    concert_id  BIGINT NOT NULL,
    show_date   DATE   NOT NULL,
    PRIMARY KEY (concert_id, show_date),
    CONSTRAINT fk_concert_date_concert FOREIGN KEY (concert_id) REFERENCES concert (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE seat (
    concert_id  BIGINT   NOT NULL,
    show_date   DATE     NOT NULL,
    seat_no     SMALLINT NOT NULL,
    price       BIGINT   NOT NULL,
    PRIMARY KEY (concert_id, show_date, seat_no),
    CONSTRAINT fk_seat_date FOREIGN KEY (concert_id, show_date) REFERENCES concert_date (concert_id, show_date),
    CONSTRAINT ck_seat_no CHECK (seat_no BETWEEN 1 AND 50),
    CONSTRAINT ck_seat_price CHECK (price >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Every hold ever taken: its history. status HELD | CONFIRMED | EXPIRED | CANCELLED; a HELD row past
-- expires_at reads EXPIRED at once, whatever the sweeper has done.
CREATE TABLE reservation (
    id          CHAR(36)    NOT NULL,
    user_id     CHAR(36)    NOT NULL,
    concert_id  BIGINT      NOT NULL,
    show_date   DATE        NOT NULL,
    seat_no     SMALLINT    NOT NULL,
    price       BIGINT      NOT NULL,
    status      VARCHAR(16) NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    expires_at  DATETIME(6) NOT NULL,
    updated_at  DATETIME(6) NOT NULL,
    payment_id  CHAR(36)    NULL,
    PRIMARY KEY (id),
    KEY ix_reservation_user (user_id, created_at),
    KEY ix_reservation_sweep (status, expires_at),
    KEY ix_reservation_holder (concert_id, user_id, status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE wallet (
    user_id     CHAR(36)    NOT NULL,
    balance     BIGINT      NOT NULL,
    updated_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (user_id),
    CONSTRAINT ck_wallet_balance CHECK (balance >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Every change of a balance: the balance always equals the sum of its user's ledger.
CREATE TABLE ledger (
    id            BIGINT      NOT NULL AUTO_INCREMENT,
    user_id       CHAR(36)    NOT NULL,
    amount        BIGINT      NOT NULL,
    kind          VARCHAR(16) NOT NULL,
    reference     VARCHAR(64) NOT NULL,
    balance_after BIGINT      NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_ledger_user (user_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- token_id is the spent queue token: one payment per token, whatever Redis says.
CREATE TABLE payment (
    id          CHAR(36)    NOT NULL,
    user_id     CHAR(36)    NOT NULL,
    concert_id  BIGINT      NOT NULL,
    amount      BIGINT      NOT NULL,
    status      VARCHAR(16) NOT NULL,
    token_id    VARCHAR(64) NOT NULL,
    paid_at     DATETIME(6) NOT NULL,
    settled     BOOLEAN     NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id),
    UNIQUE KEY ux_payment_token (token_id),
    KEY ix_payment_user (user_id, paid_at),
    KEY ix_payment_unsettled (settled, paid_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- A seat sold for good: the last guard against selling it twice, apart from the holds' history so
-- that a lapsed hold never blocks a new one.
CREATE TABLE sold_seat (
    concert_id      BIGINT      NOT NULL,
    show_date       DATE        NOT NULL,
    seat_no         SMALLINT    NOT NULL,
    reservation_id  CHAR(36)    NOT NULL,
    payment_id      CHAR(36)    NOT NULL,
    user_id         CHAR(36)    NOT NULL,
    sold_at         DATETIME(6) NOT NULL,
    PRIMARY KEY (concert_id, show_date, seat_no),
    UNIQUE KEY ux_sold_reservation (reservation_id),
    KEY ix_sold_payment (payment_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Idempotency-Key records, unique per (user, key). IN_FLIGHT rows carry a lease: a crashed request's
-- key can be retried once the lease ran out. DONE rows keep the first answer.
CREATE TABLE idempotency_record (
    user_id         CHAR(36)     NOT NULL,
    idem_key        VARCHAR(200) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    lease_until     DATETIME(6)  NOT NULL,
    response_status INT          NULL,
    response_body   TEXT         NULL,
    created_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (user_id, idem_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
