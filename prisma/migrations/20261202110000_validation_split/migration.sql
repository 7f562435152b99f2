-- Validation split: host-chosen images that are predicted with the test images and scored
-- per image during a phase, but never count in the public, private or overall scores.

-- AlterEnum
ALTER TYPE "DatasetSplit" ADD VALUE 'validation';
