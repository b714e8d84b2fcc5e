-- Trigram search over Customer.searchText (the GIN index below uses it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CustomerStatus" AS ENUM ('NEW', 'ACTIVE', 'BLOCKED', 'INACTIVE');

-- CreateEnum
CREATE TYPE "BillingType" AS ENUM ('PREPAID', 'RECURRING');

-- CreateEnum
CREATE TYPE "TariffPeriod" AS ENUM ('DAY', 'WEEK', 'MONTH', 'YEAR');

-- CreateEnum
CREATE TYPE "ServiceStatus" AS ENUM ('PENDING', 'ACTIVE', 'STOPPED', 'DISABLED');

-- CreateEnum
CREATE TYPE "RouterVendor" AS ENUM ('MIKROTIK', 'CISCO', 'JUNIPER', 'UBNT', 'OTHER');

-- CreateEnum
CREATE TYPE "IpFamily" AS ENUM ('IPV4', 'IPV6');

-- CreateEnum
CREATE TYPE "IpNetworkUsage" AS ENUM ('STATIC', 'POOL', 'PREFIX_DELEGATION', 'BLOCKED');

-- CreateEnum
CREATE TYPE "IpAssignmentKind" AS ENUM ('STATIC', 'DYNAMIC', 'RESERVED');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('STAFF', 'API_KEY', 'SYSTEM', 'CUSTOMER');

-- CreateTable
CREATE TABLE "Partner" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" SERIAL NOT NULL,
    "partnerId" INTEGER NOT NULL,
    "status" "CustomerStatus" NOT NULL DEFAULT 'NEW',
    "statusReason" TEXT,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "street" TEXT,
    "city" TEXT,
    "zip" TEXT,
    "country" TEXT DEFAULT '',
    "billingType" "BillingType" NOT NULL DEFAULT 'RECURRING',
    "billingDay" INTEGER NOT NULL DEFAULT 1,
    "paymentDueDays" INTEGER NOT NULL DEFAULT 14,
    "graceDays" INTEGER NOT NULL DEFAULT 3,
    "minimalBalance" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "balance" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "dateOfBirth" DATE,
    "idDocument" TEXT,
    "marketingConsent" BOOLEAN NOT NULL DEFAULT false,
    "gdprConsentAt" TIMESTAMP(3),
    "anonymizedAt" TIMESTAMP(3),
    "customFields" JSONB NOT NULL DEFAULT '{}',
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tariff" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "downloadKbps" INTEGER NOT NULL,
    "uploadKbps" INTEGER NOT NULL,
    "burstDownloadKbps" INTEGER,
    "burstUploadKbps" INTEGER,
    "burstThresholdDownKbps" INTEGER,
    "burstThresholdUpKbps" INTEGER,
    "burstTimeSeconds" INTEGER,
    "priority" INTEGER NOT NULL DEFAULT 8,
    "price" DECIMAL(14,2) NOT NULL,
    "vatRate" DECIMAL(5,2) NOT NULL DEFAULT 0,
    "period" "TariffPeriod" NOT NULL DEFAULT 'MONTH',
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tariff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "tariffId" INTEGER NOT NULL,
    "login" TEXT NOT NULL,
    "passwordEnc" TEXT,
    "mac" TEXT,
    "routerId" INTEGER,
    "bindToRouter" BOOLEAN NOT NULL DEFAULT false,
    "simultaneousUse" INTEGER NOT NULL DEFAULT 1,
    "status" "ServiceStatus" NOT NULL DEFAULT 'PENDING',
    "startDate" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endDate" DATE,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Router" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "vendor" "RouterVendor" NOT NULL DEFAULT 'MIKROTIK',
    "model" TEXT,
    "ip" INET NOT NULL,
    "nasIp" INET NOT NULL,
    "radiusSecretEnc" TEXT NOT NULL,
    "requireMessageAuthenticator" BOOLEAN NOT NULL DEFAULT false,
    "coaPort" INTEGER NOT NULL DEFAULT 3799,
    "apiHost" TEXT,
    "apiPort" INTEGER,
    "apiTls" BOOLEAN NOT NULL DEFAULT false,
    "apiUser" TEXT,
    "apiPasswordEnc" TEXT,
    "location" TEXT,
    "latitude" DECIMAL(9,6),
    "longitude" DECIMAL(9,6),
    "partnerId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Router_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IpNetwork" (
    "id" SERIAL NOT NULL,
    "cidr" INET NOT NULL,
    "family" "IpFamily" NOT NULL,
    "usage" "IpNetworkUsage" NOT NULL DEFAULT 'STATIC',
    "title" TEXT NOT NULL,
    "poolName" TEXT,
    "delegatedPrefixLength" INTEGER,
    "gateway" INET,
    "routerId" INTEGER,
    "partnerId" INTEGER,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IpNetwork_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IpAssignment" (
    "id" SERIAL NOT NULL,
    "networkId" INTEGER NOT NULL,
    "address" INET NOT NULL,
    "kind" "IpAssignmentKind" NOT NULL DEFAULT 'STATIC',
    "serviceId" INTEGER,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IpAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Role" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "permissions" TEXT[],
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffUser" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "passwordHash" TEXT NOT NULL,
    "totpSecretEnc" TEXT,
    "totpEnabled" BOOLEAN NOT NULL DEFAULT false,
    "roleId" INTEGER NOT NULL,
    "partnerId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "preferences" JSONB NOT NULL DEFAULT '{}',
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffSession" (
    "id" SERIAL NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "staffId" INTEGER NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "StaffSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "allowedIps" TEXT[],
    "partnerId" INTEGER,
    "createdById" INTEGER,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" "ActorType" NOT NULL,
    "staffId" INTEGER,
    "apiKeyId" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "customerId" INTEGER,
    "partnerId" INTEGER,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Partner_name_key" ON "Partner"("name");

-- CreateIndex
CREATE INDEX "Customer_partnerId_status_idx" ON "Customer"("partnerId", "status");

-- CreateIndex
CREATE INDEX "Customer_status_idx" ON "Customer"("status");

-- CreateIndex
CREATE INDEX "Customer_searchText_idx" ON "Customer" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "Tariff_name_key" ON "Tariff"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Service_login_key" ON "Service"("login");

-- CreateIndex
CREATE UNIQUE INDEX "Service_mac_key" ON "Service"("mac");

-- CreateIndex
CREATE INDEX "Service_customerId_idx" ON "Service"("customerId");

-- CreateIndex
CREATE INDEX "Service_tariffId_idx" ON "Service"("tariffId");

-- CreateIndex
CREATE INDEX "Service_routerId_idx" ON "Service"("routerId");

-- CreateIndex
CREATE UNIQUE INDEX "Router_title_key" ON "Router"("title");

-- CreateIndex
CREATE UNIQUE INDEX "Router_nasIp_key" ON "Router"("nasIp");

-- CreateIndex
CREATE UNIQUE INDEX "IpNetwork_cidr_key" ON "IpNetwork"("cidr");

-- CreateIndex
CREATE UNIQUE INDEX "IpNetwork_poolName_key" ON "IpNetwork"("poolName");

-- CreateIndex
CREATE UNIQUE INDEX "IpAssignment_address_key" ON "IpAssignment"("address");

-- CreateIndex
CREATE INDEX "IpAssignment_networkId_idx" ON "IpAssignment"("networkId");

-- CreateIndex
CREATE INDEX "IpAssignment_serviceId_idx" ON "IpAssignment"("serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "Role_name_key" ON "Role"("name");

-- CreateIndex
CREATE UNIQUE INDEX "StaffUser_username_key" ON "StaffUser"("username");

-- CreateIndex
CREATE INDEX "StaffUser_roleId_idx" ON "StaffUser"("roleId");

-- CreateIndex
CREATE INDEX "StaffUser_partnerId_idx" ON "StaffUser"("partnerId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffSession_tokenHash_key" ON "StaffSession"("tokenHash");

-- CreateIndex
CREATE INDEX "StaffSession_staffId_idx" ON "StaffSession"("staffId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "AuditLog_customerId_at_idx" ON "AuditLog"("customerId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_staffId_at_idx" ON "AuditLog"("staffId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_action_at_idx" ON "AuditLog"("action", "at");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_tariffId_fkey" FOREIGN KEY ("tariffId") REFERENCES "Tariff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "Router"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Router" ADD CONSTRAINT "Router_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpNetwork" ADD CONSTRAINT "IpNetwork_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "Router"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpNetwork" ADD CONSTRAINT "IpNetwork_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpAssignment" ADD CONSTRAINT "IpAssignment_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "IpNetwork"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpAssignment" ADD CONSTRAINT "IpAssignment_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffUser" ADD CONSTRAINT "StaffUser_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffUser" ADD CONSTRAINT "StaffUser_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSession" ADD CONSTRAINT "StaffSession_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ── Hand-written: IP conflicts are impossible at the database level ─────────────────────────
-- Networks never overlap one another (10.0.0.0/24 and 10.0.0.128/25 conflict).
ALTER TABLE "IpNetwork" ADD CONSTRAINT "IpNetwork_cidr_no_overlap"
  EXCLUDE USING gist ("cidr" inet_ops WITH &&);
-- Assignments never overlap (a delegated /56 and a /64 inside it conflict).
ALTER TABLE "IpAssignment" ADD CONSTRAINT "IpAssignment_address_no_overlap"
  EXCLUDE USING gist ("address" inet_ops WITH &&);
-- A network is stored in canonical form (host bits zero), and its family matches its address.
ALTER TABLE "IpNetwork" ADD CONSTRAINT "IpNetwork_cidr_canonical"
  CHECK ("cidr" = network("cidr") AND ("family" = 'IPV4') = (family("cidr") = 4));

-- An assignment lies inside its network, and a network cannot shrink away from its assignments.
CREATE FUNCTION ip_assignment_inside_network() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "IpNetwork" n WHERE n.id = NEW."networkId" AND NEW."address" <<= n."cidr") THEN
    RAISE EXCEPTION 'address % is outside network %', NEW."address", NEW."networkId"
      USING ERRCODE = '23514', CONSTRAINT = 'IpAssignment_address_inside_network';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "IpAssignment_address_inside_network"
  BEFORE INSERT OR UPDATE OF "address", "networkId" ON "IpAssignment"
  FOR EACH ROW EXECUTE FUNCTION ip_assignment_inside_network();

CREATE FUNCTION ip_network_keeps_assignments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "IpAssignment" a WHERE a."networkId" = NEW.id AND NOT a."address" <<= NEW."cidr") THEN
    RAISE EXCEPTION 'network % would leave assignments outside it', NEW."cidr"
      USING ERRCODE = '23514', CONSTRAINT = 'IpAssignment_address_inside_network';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "IpNetwork_keeps_assignments"
  BEFORE UPDATE OF "cidr" ON "IpNetwork"
  FOR EACH ROW EXECUTE FUNCTION ip_network_keeps_assignments();
