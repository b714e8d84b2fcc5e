-- CreateEnum
CREATE TYPE "RadiusAuthResult" AS ENUM ('ACCEPT', 'BLOCKED', 'REJECT');

-- CreateEnum
CREATE TYPE "RadiusTemplatePurpose" AS ENUM ('ACCEPT', 'BLOCKED');

-- CreateTable
CREATE TABLE "RadiusSession" (
    "id" BIGSERIAL NOT NULL,
    "uniqueId" TEXT NOT NULL,
    "acctSessionId" TEXT NOT NULL,
    "routerId" INTEGER,
    "nasIp" INET NOT NULL,
    "serviceId" INTEGER,
    "customerId" INTEGER,
    "partnerId" INTEGER,
    "login" TEXT NOT NULL,
    "framedIp" INET,
    "framedIpv6Prefix" TEXT,
    "delegatedIpv6Prefix" TEXT,
    "mac" TEXT,
    "nasPortId" TEXT,
    "nasPortType" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "stoppedAt" TIMESTAMP(3),
    "inputOctets" BIGINT NOT NULL DEFAULT 0,
    "outputOctets" BIGINT NOT NULL DEFAULT 0,
    "previousInputOctets" BIGINT NOT NULL DEFAULT 0,
    "previousOutputOctets" BIGINT NOT NULL DEFAULT 0,
    "sessionTime" INTEGER NOT NULL DEFAULT 0,
    "interimInterval" INTEGER,
    "terminateCause" TEXT,
    "rateLimit" TEXT,
    "blocked" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "RadiusSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrafficDaily" (
    "serviceId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "inputOctets" BIGINT NOT NULL DEFAULT 0,
    "outputOctets" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "TrafficDaily_pkey" PRIMARY KEY ("serviceId","day")
);

-- CreateTable
CREATE TABLE "RadiusAuthLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "routerId" INTEGER,
    "nasIp" INET NOT NULL,
    "login" TEXT NOT NULL,
    "mac" TEXT,
    "method" TEXT NOT NULL,
    "result" "RadiusAuthResult" NOT NULL,
    "reason" TEXT,
    "serviceId" INTEGER,
    "customerId" INTEGER,
    "partnerId" INTEGER,

    CONSTRAINT "RadiusAuthLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RadiusTemplate" (
    "id" SERIAL NOT NULL,
    "vendor" "RouterVendor" NOT NULL,
    "purpose" "RadiusTemplatePurpose" NOT NULL,
    "attributes" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RadiusTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RadiusSession_uniqueId_key" ON "RadiusSession"("uniqueId");

-- CreateIndex
CREATE INDEX "RadiusSession_framedIp_startedAt_idx" ON "RadiusSession"("framedIp", "startedAt");

-- CreateIndex
CREATE INDEX "RadiusSession_serviceId_startedAt_idx" ON "RadiusSession"("serviceId", "startedAt");

-- CreateIndex
CREATE INDEX "RadiusSession_customerId_startedAt_idx" ON "RadiusSession"("customerId", "startedAt");

-- CreateIndex
CREATE INDEX "RadiusSession_login_startedAt_idx" ON "RadiusSession"("login", "startedAt");

-- CreateIndex
CREATE INDEX "RadiusSession_startedAt_idx" ON "RadiusSession"("startedAt");

-- CreateIndex
CREATE INDEX "RadiusAuthLog_at_idx" ON "RadiusAuthLog"("at");

-- CreateIndex
CREATE INDEX "RadiusAuthLog_login_at_idx" ON "RadiusAuthLog"("login", "at");

-- CreateIndex
CREATE INDEX "RadiusAuthLog_customerId_at_idx" ON "RadiusAuthLog"("customerId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "RadiusTemplate_vendor_purpose_key" ON "RadiusTemplate"("vendor", "purpose");

-- AddForeignKey
ALTER TABLE "RadiusSession" ADD CONSTRAINT "RadiusSession_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "Router"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RadiusSession" ADD CONSTRAINT "RadiusSession_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrafficDaily" ADD CONSTRAINT "TrafficDaily_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: online sessions (no stoppedAt) per NAS and per service. Partial indexes stay
-- small however long the history grows. No index covers updatedAt or the counters, and pages
-- keep 30% free, so an Interim-Update is a HOT update that touches no index.
CREATE INDEX "RadiusSession_online_idx" ON "RadiusSession"("routerId", "serviceId") WHERE "stoppedAt" IS NULL;
CREATE INDEX "RadiusSession_online_service_idx" ON "RadiusSession"("serviceId") WHERE "stoppedAt" IS NULL;
ALTER TABLE "RadiusSession" SET (fillfactor = 70);
-- The day's traffic row of a service grows with every accounting batch: room for HOT updates too.
ALTER TABLE "TrafficDaily" SET (fillfactor = 50);
