import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from './user.entity.js';

/**
 * A "forgot password" link, stored only as the hash of its secret: whoever reads the table cannot use it. It
 * works once (`used_at` is set by the conditional update that accepts it) and not after `expires_at`.
 */
@Entity({ name: 'password_resets' })
@Index('password_resets_user', ['userId'])
export class PasswordReset {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'password_resets_pkey' })
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => User, { nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'password_resets_user_id_fkey' })
  user?: User;

  @Column('text', { name: 'token_hash', unique: true })
  tokenHash: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  /** When it was used, or made void by another link of the user being used. */
  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
