-- AlterTable
ALTER TABLE "Router" ADD COLUMN     "lastPacketAt" TIMESTAMP(3);

